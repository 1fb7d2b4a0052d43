/** Small seeded generator (mulberry32): fault injection and fake people must repeat run after run. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Counter-based ids in Slack's style (prefix + uppercase base 36), unique within one emulator. */
export function idMinter(prefix: string, width = 10): () => string {
  let n = 0;
  return () => {
    n += 1;
    return prefix + n.toString(36).toUpperCase().padStart(width, '0');
  };
}
