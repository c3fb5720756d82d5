// ESLint for the extension's TypeScript, the browser tests and the bench scripts.
import jupyter from '@jupyter/eslint-plugin';
import prettierRecommended from 'eslint-plugin-prettier/recommended';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'lib/',
      'node_modules/',
      'ui-tests/node_modules/',
      'ui-tests/test-results/',
      'ui-tests/playwright-report/',
      'jupyterlab_qbraid/labextension/',
      'coverage/',
      'bench/.work/',
      'bench/floor/labextension/',
      '.venv/',
      '.bench-venv/',
      '.oldest/'
    ]
  },
  ...tseslint.configs.recommended,
  ...jupyter.configs.recommended,
  prettierRecommended,
  {
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { args: 'none', caughtErrors: 'none', ignoreRestSiblings: true }
      ],
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-namespace': 'off',
      eqeqeq: ['error', 'smart'],
      curly: ['error', 'all'],
      'prefer-arrow-callback': 'error',
      // Renaming the command ids belongs to the naming change (`jupyterlab-qbraid:*`),
      // which turns this rule on when it lands.
      'jupyter/command-id-convention': 'off'
    }
  },
  {
    // Tests build views and palettes from fixed strings to assert on what people read.
    files: ['src/__tests__/**'],
    rules: { 'jupyter/no-untranslated-string': 'off' }
  },
  {
    files: ['ui-tests/**/*.{js,ts}', 'bench/**/*.js', '*.js', '*.mjs'],
    languageOptions: { globals: { ...globals.node } },
    rules: { '@typescript-eslint/no-require-imports': 'off' }
  },
  {
    // Plain Playwright: Galata's menu helpers drive JupyterLab's shell, not Notebook's.
    files: ['ui-tests/notebook/**/*.ts'],
    rules: { 'jupyter/galata-prefer-menu-helper': 'off' }
  }
);
