export { AddressPolicy, type AddressPolicyConfig, type Verdict } from "./address-policy.js";
export { type AggregateParams, applySample, DEFAULT_AGGREGATE, median, OUTAGE_RUN, type PathKey } from "./aggregate.js";
export {
  DEFAULT_PROBE,
  DEFAULT_STORAGE,
  parseWorkerConfig,
  type WorkerConfig,
  type WorkerConfigInput,
  type WorkerProvider,
  type WorkerProviderInput,
} from "./config.js";
export { MeasureError, type MeasureErrorCode } from "./errors.js";
export { KindChooser } from "./kind-chooser.js";
export { Pacer } from "./pacer.js";
export { MAX_REQUESTS_AT_ONCE, ProbeRequestRunner, REQUEST_PROBES } from "./probe-requests.js";
export { SampleRecorder } from "./recorder.js";
export {
  DEFAULT_SCHEDULE,
  type ScheduleConfig,
  type ScheduledProbe,
  Scheduler,
  type SchedulerProvider,
  type TargetSource,
  type TargetUpdate,
} from "./scheduler.js";
export { SPECIAL_RANGES } from "./special-ranges.js";
export { runWorker, type WorkerEvent, type WorkerHooks, type WorkerSummary } from "./worker.js";
