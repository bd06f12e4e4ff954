// Refreshing a view: runs task now and again periodMillis after each run ends, until the returned stop runs.
export function every(periodMillis, task) {
  let stopped = false;
  let timer = null;
  const run = async () => {
    try {
      await task();
    } catch (e) {
      // the task shows its own failure; a refused key has brought the sign-in back
    }
    if (!stopped) {
      timer = setTimeout(run, periodMillis);
    }
  };
  run();
  return () => {
    stopped = true;
    clearTimeout(timer);
  };
}
