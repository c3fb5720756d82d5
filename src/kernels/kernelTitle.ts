import { PathExt } from '@jupyterlab/coreutils';
import { TranslationBundle } from '@jupyterlab/translation';

import { IKernelKeyInfo } from '../api';

type KernelSession = IKernelKeyInfo['sessions'][number];

/**
 * A session as its tab names it, as Lab's running panel does: the session's name (a
 * notebook's file name, "Console 1"), else the last part of its path; a console's path
 * ("console-1-<uuid>") is no name a person knows.
 */
export function sessionTitle(session: KernelSession): string {
  return session.name || PathExt.basename(session.path);
}

/** A kernel by the notebooks and consoles that use it, else by its kernelspec. */
export function kernelTitle(kernel: IKernelKeyInfo, trans: TranslationBundle): string {
  return (
    kernel.sessions.map(sessionTitle).join(', ') || trans.__('Kernel %1', kernel.name)
  );
}

/** Where its documents are, for a tooltip (two notebooks may share a file name). */
export function kernelPaths(kernel: IKernelKeyInfo): string {
  return kernel.sessions
    .filter(session => session.type !== 'console')
    .map(session => session.path)
    .join(', ');
}
