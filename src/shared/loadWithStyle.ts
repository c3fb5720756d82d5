/**
 * Views loaded on first use together with their style (style/index.css), in parallel, so
 * that neither costs Lab's start; the style comes once, with whichever views come first.
 */
export async function loadWithStyle<T>(views: Promise<T>): Promise<T> {
  const [module] = await Promise.all([views, import('../../style/index.css')]);
  return module;
}
