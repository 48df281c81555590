export default async function globalTeardown(): Promise<void> {
  await globalThis.__RECWAY_EMBEDDED__?.stop();
}
