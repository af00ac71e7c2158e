export { Scheduler, DEFAULT_SCHEDULE, type ScheduleConfig, type ScheduledProbe, type SchedulerProvider, type TargetSource, type TargetUpdate } from "./scheduler.js";
export { AddressPolicy, type AddressPolicyConfig, type Verdict } from "./address-policy.js";
export { SPECIAL_RANGES } from "./special-ranges.js";
export { parseCidr, parseIp, cidrContains, type Cidr, type Ip } from "./cidr.js";
export { Pacer } from "./pacer.js";
export { KindChooser } from "./kind-chooser.js";
export { applySample, median, DEFAULT_AGGREGATE, type AggregateParams, type PathKey } from "./aggregate.js";
export { MeasureError, type MeasureErrorCode } from "./errors.js";
