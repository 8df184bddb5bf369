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

const weekDays = z.array(z.enum(WEEKDAYS)).min(1, { message: 'Pick at least one day.' });
const periodOrder = { message: 'The end time must be after the start time.', path: ['to'] };

/** Staff on duty in a period of the week (overlapping periods add up); `from` included, `to` excluded. */
export const ShiftPeriodSchema = z
  .object({
    days: weekDays,
    from: clockTime,
    to: clockTime,
    headcount: z.number().int({ message: 'Headcount must be a whole number.' }).min(0, { message: 'Headcount cannot be negative.' }),
  })
  .refine((h) => h.from < h.to, periodOrder);
export type ShiftPeriod = z.infer<typeof ShiftPeriodSchema>;

/** Headcount by weekday and time of day. Outside every period nobody is on duty. */
export const ShiftsSchema = z.object({
  /** IANA time zone of the clock times (default UTC). */
  timeZone: z.string().min(1).default('UTC'),
  periods: z.array(ShiftPeriodSchema).min(1, { message: 'A shift plan needs at least one shift.' }),
});
export type Shifts = z.infer<typeof ShiftsSchema>;

/** Cases arriving per hour in a period of the week (overlapping periods add up). */
export const ArrivalPeriodSchema = z
  .object({ days: weekDays, from: clockTime, to: clockTime, casesPerHour: nonNegative('The cases per hour') })
  .refine((h) => h.from < h.to, periodOrder);
export type ArrivalPeriod = z.infer<typeof ArrivalPeriodSchema>;

/** A weekly arrival profile: a Poisson stream whose rate follows the periods (none outside them). */
export const ArrivalProfileSchema = z
  .object({
    timeZone: z.string().min(1).default('UTC'),
    periods: z.array(ArrivalPeriodSchema).min(1, { message: 'An arrival profile needs at least one period.' }),
  })
  .refine((p) => p.periods.some((period) => period.casesPerHour > 0), { message: 'No case would ever arrive: give some period more than 0 cases per hour.', path: ['periods'] });
export type ArrivalProfile = z.infer<typeof ArrivalProfileSchema>;

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
  /**
   * Headcount by weekday and hour. When set it replaces `headcount` (which then only names the peak) and the
   * calendar: people come and go with their shifts; someone whose shift ends finishes the task in hand.
   */
  shifts: ShiftsSchema.optional(),
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
  /** Arrivals that change over the week; when set, `interArrival` and `calendarId` are not used. */
  profile: ArrivalProfileSchema.optional(),
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

/** Targets a case type sets for itself (e.g. VIP: first response within 1 h). */
export const CaseTypeTargetsSchema = z.object({
  firstResponseSla: DurationSchema.optional(),
  resolutionSla: DurationSchema.optional(),
});

/** A kind of case (a segment: VIP, standard...): its share of arrivals, its priority and what differs for it. */
export const CaseTypeSchema = z.object({
  id: z.string().min(1, { message: 'A case type needs an id.' }),
  name: z.string().min(1, { message: 'A case type needs a name.' }),
  /** Share of all arriving cases (0..1); the shares of all case types add up to 1. */
  share: z.number().min(0, { message: 'A share cannot be negative.' }).max(1, { message: 'A share cannot be above 1.' }),
  /** Higher is served first when people are busy. */
  priority: z.number().finite().default(0),
  /** Task durations that differ for this type (activity id -> duration). */
  tasks: z.record(z.string(), z.object({ duration: DistributionSchema })).optional(),
  /** Branch probabilities that differ for this type (gateway id -> probabilities). */
  gateways: z.record(z.string(), GatewayParametersSchema).optional(),
  targets: CaseTypeTargetsSchema.optional(),
});
export type CaseType = z.infer<typeof CaseTypeSchema>;

/** Tolerance for "the case-type shares add up to 1". */
export const SHARE_TOLERANCE = 1e-6;

/**
 * A person or a group of interchangeable people who work in several pools (skills), with their own calendar:
 * they take work from any of those pools, whichever is waiting first (by priority, then arrival).
 */
export const PersonSchema = z.object({
  id: z.string().min(1),
  name: z.string().min(1, { message: 'A person needs a name.' }),
  /** How many people this entry stands for (a group). */
  count: z.number().int({ message: 'The count must be a whole number.' }).min(1, { message: 'The count must be at least 1.' }).default(1),
  poolIds: z.array(z.string()).min(1, { message: 'Pick at least one pool this person works in.' }),
  /** Their own working hours; the pools' calendars when absent (always open when those have none). */
  calendarId: z.string().optional(),
});
export type Person = z.infer<typeof PersonSchema>;

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
  /** Kinds of case with their share of arrivals and priority; absent or empty: one type, priority 0. */
  caseTypes: z
    .array(CaseTypeSchema)
    .refine((types) => types.length === 0 || Math.abs(types.reduce((a, t) => a + t.share, 0) - 1) <= SHARE_TOLERANCE, {
      message: 'The shares of the case types must add up to 100%.',
    })
    .refine((types) => new Set(types.map((t) => t.id)).size === types.length, { message: 'Two case types have the same id.' })
    .optional(),
  /**
   * How a busy pool picks the next case: `priority` (default) serves the highest priority first, then first come
   * first served, never interrupting work; `preemptive` also interrupts a lower-priority case's task when a
   * higher-priority case arrives and nobody is free (the interrupted task resumes later where it stopped).
   */
  queueDiscipline: z.enum(['priority', 'preemptive']).optional(),
  /** People who work in several pools (in addition to each pool's own headcount). */
  people: z.array(PersonSchema).optional(),
});
/** A fully defaulted scenario (what the simulator reads). */
export type Scenario = z.infer<typeof ScenarioSchema>;
/** A scenario as written by a person or a file: defaults may be missing. */
export type ScenarioInput = z.input<typeof ScenarioSchema>;
