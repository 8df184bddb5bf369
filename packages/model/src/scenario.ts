// The simulation scenario: everything a simulation needs that BPMN itself does not say.
// Stored inside the .bpmn file in our own namespace (see moddle extension); validated with zod so that
// impossible parameters come back as issues a business user can act on.
import { z } from 'zod';

export const TIME_UNITS = ['s', 'min', 'h', 'd'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];
export const SECONDS_PER_UNIT: Readonly<Record<TimeUnit, number>> = { s: 1, min: 60, h: 3600, d: 86400 };

export const TimeUnitSchema = z.enum(TIME_UNITS);

/** A length of time with its unit, e.g. `{ value: 2, unit: 'h' }`. */
export const DurationSchema = z.object({
  value: z.number().finite().nonnegative({ message: 'A duration cannot be negative.' }),
  unit: TimeUnitSchema,
});
export type Duration = z.infer<typeof DurationSchema>;

export function durationToSeconds(duration: Duration): number {
  return duration.value * SECONDS_PER_UNIT[duration.unit];
}

const positive = (what: string) => z.number().finite().positive({ message: `${what} must be greater than 0.` });
const nonNegative = (what: string) => z.number().finite().nonnegative({ message: `${what} cannot be negative.` });

/** Probability distributions for durations. Values are in `unit` (default minutes). */
export const DistributionSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('fixed'), value: nonNegative('The fixed value'), unit: TimeUnitSchema.default('min') }),
  z
    .object({ type: z.literal('uniform'), min: nonNegative('The minimum'), max: nonNegative('The maximum'), unit: TimeUnitSchema.default('min') })
    .refine((d) => d.min <= d.max, { message: 'The minimum must not be greater than the maximum.', path: ['min'] }),
  z
    .object({
      type: z.literal('triangular'),
      min: nonNegative('The minimum'),
      mode: nonNegative('The most likely value'),
      max: nonNegative('The maximum'),
      unit: TimeUnitSchema.default('min'),
    })
    .refine((d) => d.min <= d.mode && d.mode <= d.max, {
      message: 'Use minimum <= most likely <= maximum.',
      path: ['mode'],
    }),
  z.object({ type: z.literal('exponential'), mean: positive('The mean'), unit: TimeUnitSchema.default('min') }),
  /** Normal, truncated at 0 (durations are never negative). */
  z.object({ type: z.literal('normal'), mean: nonNegative('The mean'), sd: nonNegative('The standard deviation'), unit: TimeUnitSchema.default('min') }),
  /** Lognormal given by the mean and standard deviation of the duration itself (not of its logarithm). */
  z.object({ type: z.literal('lognormal'), mean: positive('The mean'), sd: nonNegative('The standard deviation'), unit: TimeUnitSchema.default('min') }),
  /** Gamma given by its mean and standard deviation. */
  z.object({ type: z.literal('gamma'), mean: positive('The mean'), sd: positive('The standard deviation'), unit: TimeUnitSchema.default('min') }),
  /** Erlang: the sum of `k` exponential phases with total mean `mean`. */
  z.object({
    type: z.literal('erlang'),
    k: z.number().int({ message: 'The number of phases k must be a whole number.' }).min(1, { message: 'The number of phases k must be at least 1.' }),
    mean: positive('The mean'),
    unit: TimeUnitSchema.default('min'),
  }),
  z.object({ type: z.literal('weibull'), shape: positive('The shape'), scale: positive('The scale'), unit: TimeUnitSchema.default('min') }),
  /** An empirical histogram: a bin is drawn by weight, then a value uniformly within it. */
  z
    .object({
      type: z.literal('empirical'),
      bins: z
        .array(z.object({ min: nonNegative('A bin minimum'), max: nonNegative('A bin maximum'), weight: nonNegative('A bin weight') }))
        .min(1, { message: 'A histogram needs at least one bin.' }),
      unit: TimeUnitSchema.default('min'),
    })
    .refine((d) => d.bins.every((b) => b.min <= b.max), { message: 'Each bin needs minimum <= maximum.', path: ['bins'] })
    .refine((d) => d.bins.some((b) => b.weight > 0), { message: 'At least one bin needs a weight above 0.', path: ['bins'] }),
]);
export type Distribution = z.infer<typeof DistributionSchema>;
export type DistributionType = Distribution['type'];

export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];

const clockTime = z.string().regex(/^([01]\d|2[0-4]):[0-5]\d$/, { message: 'Use a time of day like 09:00.' });

/** A block of working time on some weekdays; `from` included, `to` excluded (`24:00` means midnight). */
export const WorkingHoursSchema = z
  .object({ days: z.array(z.enum(WEEKDAYS)).min(1, { message: 'Pick at least one day.' }), from: clockTime, to: clockTime })
  .refine((h) => h.from < h.to, { message: 'The end time must be after the start time.', path: ['to'] });
export type WorkingHours = z.infer<typeof WorkingHoursSchema>;

export const CalendarSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** IANA time zone, e.g. `Europe/Berlin`. */
  timeZone: z.string().min(1).default('UTC'),
  /** Empty means always open (24/7). */
  hours: z.array(WorkingHoursSchema).default([]),
  /** Whole days off, as `YYYY-MM-DD`. */
  holidays: z.array(z.string().regex(/^\d{4}-\d{2}-\d{2}$/, { message: 'Use a date like 2026-12-25.' })).default([]),
});
export type Calendar = z.infer<typeof CalendarSchema>;

export const ResourcePoolSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1),
  /** 0 is allowed (a role nobody fills yet); validation reports such a pool when tasks need it. */
  headcount: z.number().int({ message: 'Headcount must be a whole number.' }).min(0, { message: 'Headcount cannot be negative.' }),
  costPerHour: nonNegative('The cost per hour').default(0),
  /**
   * How the pool costs money: `busy-hour` (the default) per hour someone works on a case; `paid-hour` per paid hour of
   * its calendar for every person (salaried staff: idle time costs too, so one person less saves money).
   */
  costModel: z.enum(['busy-hour', 'paid-hour']).optional(),
  calendarId: z.string().optional(),
  /** Lanes whose tasks use this pool unless a task says otherwise. */
  laneIds: z.array(z.string()).default([]),
});
export type ResourcePool = z.infer<typeof ResourcePoolSchema>;

export const VALUE_CLASSES = ['valueAdding', 'businessValueAdding', 'nonValueAdding'] as const;
export type ValueClass = (typeof VALUE_CLASSES)[number];

export const TaskParametersSchema = z.object({
  duration: DistributionSchema.optional(),
  poolId: z.string().optional(),
  fixedCost: nonNegative('The fixed cost').default(0),
  /** Absent = not set (a task just drawn): not value-adding in process cycle efficiency, and the studio says so. */
  valueClass: z.enum(VALUE_CLASSES).optional(),
  /** The first task with this flag that completes ends the first-response time (an automated acknowledgement does not count). */
  substantiveResponse: z.boolean().default(false),
  /** Done by a system: no resource, takes its duration (usually near zero). */
  automated: z.boolean().default(false),
  /** Standard loops: how many times the activity runs. Multi-instance: how many instances. */
  loopCount: DistributionSchema.optional(),
  instanceCount: z.number().int().min(1, { message: 'A multi-instance activity needs at least one instance.' }).optional(),
});
export type TaskParameters = z.infer<typeof TaskParametersSchema>;

export const ArrivalParametersSchema = z.object({
  interArrival: DistributionSchema,
  calendarId: z.string().optional(),
  /** Cases this start event creates; the scenario's `cases` when absent. */
  cases: z.number().int().positive({ message: 'The case count must be at least 1.' }).optional(),
});
export type ArrivalParameters = z.infer<typeof ArrivalParametersSchema>;

export const GatewayParametersSchema = z.object({
  /** Outgoing sequence-flow id -> probability. XOR must sum to 1; inclusive OR: each an independent probability. */
  probabilities: z.record(z.string(), z.number().min(0, { message: 'A probability cannot be negative.' }).max(1, { message: 'A probability cannot be above 1.' })),
});
export type GatewayParameters = z.infer<typeof GatewayParametersSchema>;

export const EventParametersSchema = z.object({
  /** Timer: how long it waits. Message catch: how long until the message (e.g. the customer's reply) arrives. */
  duration: DistributionSchema,
});
export type EventParameters = z.infer<typeof EventParametersSchema>;

export const TargetsSchema = z.object({
  firstResponseSla: DurationSchema.default({ value: 2, unit: 'h' }),
  resolutionSla: DurationSchema.optional(),
  costPerCase: nonNegative('The cost target').optional(),
});
export type Targets = z.infer<typeof TargetsSchema>;

export const ScenarioSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1, { message: 'A scenario needs a name.' }),
  description: z.string().optional(),
  currency: z.string().min(1).default('EUR'),
  /** Simulated start, ISO 8601 (a Monday morning by default, so calendars line up). */
  startTime: z.string().default('2026-01-05T00:00:00Z'),
  /** Cases per replication (when no horizon is set). */
  cases: z.number().int().positive({ message: 'The case count must be at least 1.' }).default(1000),
  /**
   * A fixed simulated period: arrivals and the run stop at the horizon; cases still open are reported as in
   * progress (as BPSim tools do). Replaces `cases` as the stopping rule when set.
   */
  horizon: DurationSchema.optional(),
  /** Statistics ignore cases that start within the warm-up. */
  warmUp: DurationSchema.optional(),
  replications: z.number().int().min(1, { message: 'Run at least one replication.' }).max(1000).default(5),
  seed: z.number().int().nonnegative().default(1),
  targets: TargetsSchema.default({ firstResponseSla: { value: 2, unit: 'h' } }),
  calendars: z.array(CalendarSchema).default([]),
  pools: z.array(ResourcePoolSchema).default([]),
  arrivals: z.record(z.string(), ArrivalParametersSchema).default({}),
  tasks: z.record(z.string(), TaskParametersSchema).default({}),
  gateways: z.record(z.string(), GatewayParametersSchema).default({}),
  events: z.record(z.string(), EventParametersSchema).default({}),
});
/** A fully defaulted scenario (what the simulator reads). */
export type Scenario = z.infer<typeof ScenarioSchema>;
/** A scenario as written by a person or a file: defaults may be missing. */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
