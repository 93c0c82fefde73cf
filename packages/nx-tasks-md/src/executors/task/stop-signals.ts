const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
/** After a stop signal, the runners' trees are killed and the boxes reset; never hang longer than this. */
const STOP_DEADLINE_MS = 15_000;

/** A stop signal aborts `controller` (runners stop, boxes go back to `[ ]`); returns the unsubscribe. */
export function onStopSignals(controller: AbortController): () => void {
  const onSignal = () => {
    if (controller.signal.aborted) return;
    controller.abort();
    setTimeout(() => process.exit(130), STOP_DEADLINE_MS).unref();
  };
  for (const signal of SIGNALS) process.on(signal, onSignal);
  return () => {
    for (const signal of SIGNALS) process.off(signal, onSignal);
  };
}
