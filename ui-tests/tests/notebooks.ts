/** An empty Python notebook, its kernel named up front so that no kernel picker opens. */
export const EMPTY_PYTHON_NOTEBOOK = {
  cells: [],
  metadata: {
    kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' }
  },
  nbformat: 4,
  nbformat_minor: 5
};
