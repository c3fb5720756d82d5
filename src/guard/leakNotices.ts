import { DocumentRegistry } from '@jupyterlab/docregistry';
import { TranslationBundle } from '@jupyterlab/translation';

import { IGuardReport, IKeyInSource } from '../api';
import { IQbraidNotices } from '../tokens';
import { canReplace, replaceKeyLiterals } from './keyReplacement';

type FoundReport = Extract<IGuardReport, { found: true }>;

/** The parts of a notebook's shared model that the replacement touches. */
interface ISharedCells {
  cells: { id: string; getSource(): string; setSource(value: string): void }[];
}

/** Tell the person what a save held, and offer what can be done about it. */
export function showLeakReport(
  report: FoundReport,
  context: DocumentRegistry.Context,
  variable: string,
  trans: TranslationBundle,
  notices: IQbraidNotices
): void {
  const hints = report.hints.map(hint => `…${hint}`).join(', ');
  if (report.redactedOutputs > 0) {
    notices.info(
      // Toasts cut messages at 140 characters: the facts first, the path last.
      trans._n(
        'qBraid key %2 saved as a marker in %1 output (still on screen until reloaded): %3',
        'qBraid key %2 saved as a marker in %1 outputs (still on screen until reloaded): %3',
        report.redactedOutputs,
        hints,
        report.path
      ),
      {
        autoClose: false,
        actions: [
          {
            label: trans.__('Reload from disk'),
            caption: trans.__('Show the notebook as it was saved'),
            callback: () =>
              void context
                .revert()
                .catch(error =>
                  notices.error(
                    trans.__('%1 was not reloaded: %2', report.path, String(error)),
                    { autoClose: false }
                  )
                )
          }
        ]
      }
    );
  }
  if (report.outputsLeft > 0) {
    notices.warning(
      trans.__(
        'qBraid key %1 saved in outputs: redaction on save is off in the qBraid settings. File: %2',
        hints,
        report.path
      ),
      { autoClose: false }
    );
  }
  if (report.sources.length > 0) {
    const cells = report.sources.map(source => source.cellIndex + 1).join(', ');
    const replaceable = canReplace(report.language);
    notices.warning(
      trans.__(
        'qBraid key %1 is in the code of cell %2; read it from %3 instead. File: %4',
        hints,
        cells,
        variable,
        report.path
      ),
      {
        autoClose: false,
        actions: replaceable
          ? [
              {
                label: trans.__('Replace with environment variable'),
                caption: trans.__(
                  'Read the key from %1 in these cells, then save',
                  variable
                ),
                callback: () =>
                  void replaceInNotebook(context, report, variable, trans, notices)
              }
            ]
          : []
      }
    );
  }
  if (report.other > 0) {
    notices.warning(
      trans.__(
        'qBraid key %1 is in the attachments or metadata of %2: remove it there. File: %3',
        hints,
        trans._n('%1 place', '%1 places', report.other),
        report.path
      ),
      { autoClose: false }
    );
  }
  if (report.textLines.length > 0) {
    notices.warning(
      trans.__(
        'qBraid key %1 is on line %2; read it from %3 instead. File: %4',
        hints,
        report.textLines.map(line => line.line).join(', '),
        variable,
        report.path
      ),
      { autoClose: false }
    );
  }
}

async function replaceInNotebook(
  context: DocumentRegistry.Context,
  report: FoundReport,
  variable: string,
  trans: TranslationBundle,
  notices: IQbraidNotices
): Promise<void> {
  const shared = context.model.sharedModel as unknown as ISharedCells;
  let replaced = 0;
  let left = 0;
  for (const source of report.sources) {
    const cell = findCell(shared, source);
    if (!cell) {
      left += source.ranges.length;
      continue;
    }
    const outcome = replaceKeyLiterals(
      cell.getSource(),
      source.ranges,
      report.language,
      variable
    );
    if (outcome.replaced > 0) {
      cell.setSource(outcome.source);
    }
    replaced += outcome.replaced;
    left += outcome.left;
  }
  if (replaced > 0) {
    try {
      await context.save();
    } catch (error) {
      notices.error(
        trans.__(
          'The key was replaced on screen but %1 was not saved: %2',
          report.path,
          String(error)
        ),
        { autoClose: false }
      );
      return;
    }
  }
  if (left > 0) {
    notices.warning(
      trans._n(
        '%1 key left as it is: inside longer text, or edited since the save. Edit it by hand in %2',
        '%1 keys left as they are: inside longer text, or edited since the save. Edit them by hand in %2',
        left,
        report.path
      ),
      { autoClose: false }
    );
  } else {
    notices.success(trans.__('Now reads the key from %1: %2', variable, report.path), {
      autoClose: 5000
    });
  }
}

/** The cell the report names, if it is still where it was when saved. */
function findCell(shared: ISharedCells, source: IKeyInSource) {
  const cell = shared.cells[source.cellIndex];
  if (cell && (source.cellId === null || cell.id === source.cellId)) {
    return cell;
  }
  return source.cellId === null
    ? undefined
    : shared.cells.find(candidate => candidate.id === source.cellId);
}
