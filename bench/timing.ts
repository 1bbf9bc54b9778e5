/** Runs `work` repeatedly for at least `minimumMs` after a warm-up and returns iterations per second. */
export function measureRate(work: () => void, minimumMs = 1000): { perSecond: number; iterations: number; ms: number } {
  for (let i = 0; i < 1000; i++) work();
  let iterations = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < minimumMs) {
    for (let i = 0; i < 1000; i++) work();
    iterations += 1000;
    elapsed = performance.now() - start;
  }
  return { perSecond: (iterations / elapsed) * 1000, iterations, ms: elapsed };
}
