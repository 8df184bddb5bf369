// Public entry of @leanflow/sim. Other packages import only from here.
export { RandomStream, createRandomStream } from './rng.ts';
export { Sampler, createSampler, gammaFunction, normalCdf, truncatedNormalMean } from './distributions.ts';
export { WorkCalendar, createWorkCalendar, isValidTimeZone } from './calendar.ts';
