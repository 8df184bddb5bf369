// zod schemas for every payload a plugin hands to the host. The host validates with them before anything
// reaches the workbench, so a buggy or hostile plugin cannot push malformed or oversized data into the UI.
// They mirror the types in api.ts (tested in schemas.test.ts).
import { z } from 'zod';

const id = z.string().min(1).max(200);
const shortText = z.string().max(2_000);
const longText = z.string().max(20_000);

/** Any JSON value, at most 32 levels deep. */
export const JsonValueSchema: z.ZodType<unknown> = z.lazy(() =>
  z.union([z.string().max(1_000_000), z.number(), z.boolean(), z.null(), z.array(JsonValueSchema).max(100_000), z.record(z.string(), JsonValueSchema)]),
);

export const SeveritySchema = z.enum(['error', 'warning', 'info']);

const DOCS_PATH = /^docs\/[A-Za-z0-9._/-]+\.md(#[A-Za-z0-9._-]+)?$/;
// Scheme http or https, a host, then anything printable (this package has no URL class: no DOM or Node lib).
const WEB_URL = /^https?:\/\/[A-Za-z0-9.-]+(:\d+)?([/?#][\x21-\x7e]*)?$/i;
function isDocsLink(value: string): boolean {
  return (DOCS_PATH.test(value) && !value.includes('..')) || WEB_URL.test(value);
}

/**
 * A link the studio may open for a rule or a finding: an http(s) URL or a path in the project's docs
 * (`docs/scoring.md#cycle-time`). Anything else (`javascript:`, `data:`, `file:`) is refused.
 */
export const DocsLinkSchema = z
  .string()
  .max(2_000)
  .refine(isDocsLink, { message: 'use an http(s) URL or a docs path like docs/scoring.md#rule-id' });

export const FindingSchema = z.object({
  severity: SeveritySchema,
  // Long enough for a finding that lists the elements of a 2,000-element model (the knock-out order rule does).
  message: longText.min(1),
  elementIds: z.array(id).max(10_000),
  why: longText.optional(),
  docsUrl: DocsLinkSchema.optional(),
});

export const ScoreResultSchema = z
  .object({
    // Optional when `notApplicable` or `failed` says why there is none (API 1.1); 0 is filled in then.
    score: z.number().min(0, { message: 'a score cannot be below 0' }).max(100, { message: 'a score cannot be above 100' }).optional(),
    findings: z.array(FindingSchema).max(1_000).default([]),
    summary: shortText.optional(),
    // Any number, Infinity and NaN included (a ratio over nothing): figures are shown, never computed with.
    metrics: z.record(z.string().max(200), z.custom<number>((v) => typeof v === 'number', { message: 'a metric must be a number' })).optional(),
    notApplicable: longText.optional(),
    failed: longText.optional(),
  })
  .superRefine((result, context) => {
    if (result.score === undefined && result.notApplicable === undefined && result.failed === undefined) {
      context.addIssue({ code: 'custom', path: ['score'], message: 'give a score from 0 to 100, or notApplicable (or failed) with the reason there is none' });
    }
  })
  .transform((result) => ({ ...result, score: result.score ?? 0 }));

const taskType = z.enum(['task', 'userTask', 'manualTask', 'serviceTask', 'scriptTask', 'businessRuleTask', 'sendTask', 'receiveTask']);

export const ProcessEditSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('removeElement'), elementId: id }),
  z.object({ kind: z.literal('rename'), elementId: id, name: shortText }),
  z.object({ kind: z.literal('setProperty'), elementId: id, property: id, value: JsonValueSchema }),
  z
    .object({ kind: z.literal('reconnect'), flowId: id, sourceId: id.optional(), targetId: id.optional() })
    .refine((e) => e.sourceId !== undefined || e.targetId !== undefined, { message: 'give sourceId, targetId or both' }),
  z.object({ kind: z.literal('insertTask'), flowId: id, taskType, name: shortText, id: id.optional() }),
  z.object({ kind: z.literal('changeTaskType'), elementId: id, taskType }),
  z.object({ kind: z.literal('changeGatewayType'), elementId: id, gatewayType: z.enum(['exclusiveGateway', 'parallelGateway', 'inclusiveGateway']) }),
  z.object({ kind: z.literal('mergeTasks'), elementIds: z.array(id).min(2).max(100), name: shortText }),
  z.object({ kind: z.literal('insertParallelBlock'), elementIds: z.array(id).min(2).max(100), splitId: id, joinId: id }),
  z.object({ kind: z.literal('moveElement'), elementId: id, throughId: id.optional(), continueFlowId: id.optional(), afterId: id.optional(), ontoFlowId: id.optional() })
    .refine((e) => (e.afterId === undefined) !== (e.ontoFlowId === undefined), { message: 'give afterId or ontoFlowId' }),
  z.object({ kind: z.literal('splitGateway'), elementId: id, newId: id }),
  z.object({ kind: z.literal('insertBypass'), elementId: id, splitId: id, joinId: id, name: shortText, skipProbability: z.number().min(0).max(1) }),
  z.object({ kind: z.literal('setScenarioParameter'), path: id, value: JsonValueSchema, scenarioId: id.optional() }),
]);

export const EditProposalSchema = z.object({ label: shortText.min(1), edits: z.array(ProcessEditSchema).min(1).max(1_000) });

const SuggestionMessageSchema = z.object({
  key: id,
  params: z.record(z.string().max(100), z.union([shortText, z.number(), z.array(shortText).max(1_000)])),
});

export const SuggestionSchema = z.object({
  id,
  title: shortText.min(1),
  description: longText.optional(),
  why: longText.optional(),
  titleMessage: SuggestionMessageSchema.optional(),
  descriptionMessage: SuggestionMessageSchema.optional(),
  heuristic: shortText.min(1).optional(),
  adviceOnly: z.boolean().optional(),
  elementIds: z.array(id).max(10_000),
  edits: z.array(ProcessEditSchema).max(1_000),
  effects: z.array(z.object({ metric: id, change: z.number(), unit: z.string().max(20).optional() })).max(50).optional(),
});

export const SuggestionListSchema = z.array(SuggestionSchema).max(500);

export const TreeItemSchema = z.object({
  label: shortText,
  description: shortText.optional(),
  tooltip: longText.optional(),
  collapsible: z.boolean().optional(),
  elementId: id.optional(),
  command: z.object({ id, args: z.array(JsonValueSchema).max(20).optional() }).optional(),
});

interface TreeNodeShape {
  label: string;
  description?: string | undefined;
  elementId?: string | undefined;
  children?: TreeNodeShape[] | undefined;
}
const TreeNodeSchema: z.ZodType<TreeNodeShape> = z.lazy(() =>
  z.object({ label: shortText, description: shortText.optional(), elementId: id.optional(), children: z.array(TreeNodeSchema).max(10_000).optional() }),
);

const cell = z.union([z.string().max(10_000), z.number(), z.boolean(), z.null()]);

const tone = z.enum(['good', 'warning', 'bad']);
const share = z.number().min(0).max(1);

const TableContentSchema = z
  .object({
    kind: z.literal('table'),
    columns: z
      .array(z.object({ key: id, title: shortText, align: z.enum(['left', 'right', 'center']).optional(), format: z.enum(['text', 'number', 'percent', 'duration', 'currency']).optional() }))
      .min(1)
      .max(50),
    rows: z.array(z.record(z.string(), cell)).max(10_000),
    sortable: z.boolean().optional(),
    sortBy: id.optional(),
    rowElementIds: z.array(id.nullable()).max(10_000).optional(),
    rowHeat: z.array(share).max(10_000).optional(),
  })
  .refine((t) => (t.rowElementIds?.length ?? t.rows.length) === t.rows.length && (t.rowHeat?.length ?? t.rows.length) === t.rows.length, {
    message: 'rowElementIds and rowHeat need one entry per row',
    path: ['rows'],
  });

const plainContents = [
  z.object({ kind: z.literal('markdown'), markdown: z.string().max(200_000) }),
  TableContentSchema,
  z.object({
    kind: z.literal('chart'),
    chart: z
      .object({
        type: z.enum(['bar', 'stackedBar', 'line', 'pie']),
        title: shortText.optional(),
        labels: z.array(shortText).max(5_000),
        series: z.array(z.object({ name: shortText, values: z.array(z.number()).max(5_000) })).min(1).max(50),
        unit: z.string().max(20).optional(),
      })
      .refine((c) => c.series.every((s) => s.values.length === c.labels.length), { message: 'every series needs one value per label', path: ['series'] }),
  }),
  z.object({
    kind: z.literal('keyFigures'),
    figures: z
      .array(
        z.object({
          label: shortText,
          value: z.union([z.number(), z.string().max(200)]),
          unit: z.string().max(20).optional(),
          status: tone.optional(),
          hint: shortText.optional(),
          id: id.optional(),
          interval: shortText.optional(),
          detail: shortText.optional(),
          rawValue: z.number().optional(),
        }),
      )
      .max(50),
  }),
  z.object({ kind: z.literal('tree'), nodes: z.array(TreeNodeSchema).max(10_000) }),
] as const;

export const ViewActionSchema = z.object({
  title: shortText.min(1),
  command: id,
  args: z.array(JsonValueSchema).max(20).optional(),
  style: z.enum(['primary', 'secondary']).optional(),
  id: id.optional(),
  pressed: z.boolean().optional(),
});

/** What one section of a `sections` view may hold: plain content or one of the section parts. */
export const SectionContentSchema = z.discriminatedUnion('kind', [
  ...plainContents,
  z.object({ kind: z.literal('actions'), actions: z.array(ViewActionSchema).max(20) }),
  z.object({ kind: z.literal('progress'), fraction: share, title: shortText.optional(), message: shortText.optional() }),
  z.object({
    kind: z.literal('notice'),
    severity: SeveritySchema,
    message: longText,
    items: z.array(z.object({ text: longText, elementId: id.optional(), severity: SeveritySchema.optional() })).max(1_000).optional(),
    action: ViewActionSchema.optional(),
    collapsed: z.boolean().optional(),
  }),
  z.object({
    kind: z.literal('histogram'),
    title: shortText,
    bars: z.array(z.object({ share, label: shortText, over: z.boolean().optional() })).max(1_000),
    axis: z.tuple([shortText, shortText, shortText]),
    target: z.object({ position: share, label: shortText }).optional(),
  }),
  z.object({
    kind: z.literal('meters'),
    items: z
      .array(
        z.object({
          label: shortText,
          value: z.number().min(0).max(10),
          valueText: shortText.optional(),
          detail: shortText.optional(),
          elementId: id.optional(),
          band: z.object({ low: share, high: share }).refine((b) => b.low <= b.high, { message: 'low must not be above high' }).optional(),
          status: z.enum(['low', 'ok', 'high']).optional(),
          id: id.optional(),
        }),
      )
      .max(1_000),
    ordered: z.boolean().optional(),
    note: shortText.optional(),
  }),
  z.object({
    kind: z.literal('choice'),
    label: shortText,
    options: z.array(z.object({ value: z.string().max(200), label: shortText })).max(500),
    value: z.string().max(200).optional(),
    command: id,
  }),
]);

export const ViewSectionSchema = z.object({ title: shortText.optional(), id: id.optional(), dimmed: z.boolean().optional(), content: SectionContentSchema });

export const ViewContentSchema = z.discriminatedUnion('kind', [...plainContents, z.object({ kind: z.literal('sections'), sections: z.array(ViewSectionSchema).max(100) })]);

/** `diagram.setDecorations`: marks by element id and the legend. */
export const DiagramDecorationsSchema = z.object({
  decorations: z
    .array(z.object({ elementId: id, heat: share.optional(), label: z.string().max(200).optional(), tooltip: shortText.optional(), tone: tone.optional() }))
    .max(10_000),
  legend: z.object({ title: shortText, stops: z.array(z.object({ heat: share, label: z.string().max(200) })).max(20) }).optional(),
});

/** Options of `simulation.run` / `runWithDetails` as they cross to the host. */
export const SimulationOptionsSchema = z.object({
  scenarioId: z.string().max(200).optional(),
  replications: z.number().int().min(1).max(1000).optional(),
  cases: z.number().int().min(1).max(10_000_000).optional(),
  seed: z.number().int().nonnegative().optional(),
});

export const DiagnosticItemSchema = z.object({ severity: SeveritySchema, message: shortText.min(1), code: id.optional() });
/** Diagnostics keyed by element id. */
export const DiagnosticsByElementSchema = z.record(id, z.array(DiagnosticItemSchema).max(100));

export const NotificationSchema = z.object({
  message: shortText.min(1),
  severity: SeveritySchema.default('info'),
  actions: z.array(z.string().min(1).max(100)).max(5).default([]),
});

export const QuickPickRequestSchema = z.object({
  items: z.array(z.union([z.string().max(500), z.object({ label: z.string().max(500), description: shortText.optional(), detail: shortText.optional() })])).max(5_000),
  title: shortText.optional(),
  placeholder: shortText.optional(),
});

export const StatusBarItemSchema = z.object({
  id,
  text: z.string().max(200),
  tooltip: shortText.optional(),
  command: id.optional(),
  alignment: z.enum(['left', 'right']).default('left'),
  priority: z.number().default(0),
  visible: z.boolean(),
});

export const ContextKeyValueSchema = z.union([z.string().max(1_000), z.number(), z.boolean(), z.null()]);
