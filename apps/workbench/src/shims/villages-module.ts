/**
 * The browser's side of `packages/regions/src/villages-module.ts`: the village tables (about 16 MB
 * as text) travel inside the page gzipped and base64-encoded, one entry per province (~5 MB in
 * all; a build for some provinces only: `WORKBENCH_PROVINCES=43,44`), and a province is unpacked
 * in the worker when a check first needs its village names (`DecompressionStream`, no request).
 */
declare const __VILLAGES__: Record<string, string>;

export function importVillages(province: string): Promise<{ default: string }> | undefined {
  const packed = __VILLAGES__[province];
  if (packed === undefined) return undefined;
  return (async () => {
    const bytes = Uint8Array.from(atob(packed), (c) => c.charCodeAt(0));
    const text = await new Response(new Blob([bytes]).stream().pipeThrough(new DecompressionStream('gzip'))).text();
    return { default: text };
  })();
}
