// The words of the built-in suggestions, as templates with named parameters. Every suggestion carries its title and
// rationale both as English text (the CLI's JSON contract) and as a message (key + parameters) that a studio in
// another language renders with its own template for the key. The English text is made from the templates below, so
// the two cannot drift apart.

/** A parameter: a plain string or number, or a list of element names (quoted and joined per language). */
export type SuggestionMessageParam = string | number | readonly string[];

/**
 * A suggestion's title or rationale in translatable form.
 *
 * @example
 * const message: SuggestionMessage = { key: 'automateTask.title', params: { task: 'Check order' } };
 */
export interface SuggestionMessage {
  readonly key: string;
  readonly params: Readonly<Record<string, SuggestionMessageParam>>;
}

/** How a language writes the parameters: numbers, and lists of names (`{names}` joined by commas, `{names:and}` by "and"). */
export interface SuggestionMessageStyle {
  readonly number: (value: number) => string;
  readonly list: (names: readonly string[], conjunction: boolean) => string;
}

/** English templates; single names are quoted in the template itself ('{task}'), lists by the style. */
export const SUGGESTION_MESSAGES_EN = {
  'removeNonValueAdding.title': "Remove the non-value-adding task '{task}'",
  'removeNonValueAdding.rationale':
    "'{task}' is marked non-value-adding in the scenario: the customer does not pay for it and it is not required. Removing it saves its processing and the waiting before it.",
  'collapseApprovalChain.title': 'Collapse {count} approvals into one ({approvals})',
  'collapseApprovalChain.rationale':
    'Each of {approvals} reviews the same case in turn: every review adds a queue and a hand-off. One approval that covers all criteria (with a checklist) keeps the control and removes {removed} waiting step(s).',
  'autoApproveBelowThreshold.title': "Approve automatically below a threshold instead of always asking for '{task}'",
  'autoApproveBelowThreshold.rationale':
    "Every case waits for '{task}'. Small cases (below an amount or risk threshold you set) rarely change on review: let them pass automatically and keep the approval for the rest. The prediction assumes {share}% of cases fall below the threshold; adjust the probability of the bypass flow in the scenario to your own figure.",
  'mergeSameRoleTasks.title': 'Merge {tasks:and} into one task',
  'mergeSameRoleTasks.rationale': 'The same role does {tasks} one after the other. As one task the case is picked up once: one queue and one set-up instead of {count}.',
  'parallelise.title': "Do '{first}' and '{second}' in parallel",
  'parallelise.rationale':
    "'{second}' does not use anything '{first}' produces (no data association between them) and another role does it. Side by side, the case waits for the longer of the two instead of both.",
  'reorderKnockOuts.title': "Check '{later}' before '{first}'",
  'reorderKnockOuts.rationale':
    "'{later}' spends {laterMinutes} min per rejected case, '{first}' {firstMinutes} min. Doing the cheaper knock-out first rejects cases before the expensive check is spent on them.",
  'moveAfterDecision.title': "Do '{task}' only on the branch that needs it",
  'moveAfterDecision.rationale': "What '{task}' produces is only read after '{decision}' on one branch. Doing it after the decision spares the cases on the other branches.",
  'earlyResponse.title': 'Answer the customer personally before the internal preparation',
  'earlyResponse.rationale':
    'Today at least {steps} manual steps come before the first substantive reply ({responders}). A short personal call or mail right after the request (confirming needs and next steps) brings the first real response forward; the preparation follows.',
  'checkEarlier.title': "Check earlier: {percent}% of cases return to '{target}'",
  'checkEarlier.rationale':
    "Work goes back from '{source}' to '{target}' in {percent}% of the passes ({repetitions} runs per case). Check the completeness of the input where it enters (a checklist or a form with mandatory fields) so the loop is rarely taken.",
  'automateTask.title': "Automate '{task}'",
  'automateTask.rationale': "'{task}' is short ({minutes} min), rule-based and done in {percent}% of cases. A system can do it in seconds without a queue, for a small fixed cost per run.",
  'resizePool.add.title': "Add one person to '{pool}' ({from} -> {to})",
  'resizePool.add.rationale': "'{pool}' is busy {percent}% of its time (above {threshold}%): queues grow steeply at this load. One more person shortens the waiting.",
  'resizePool.remove.title': "Take one person from '{pool}' ({from} -> {to})",
  'resizePool.remove.rationale':
    "'{pool}' is busy only {percent}% of its time (below {threshold}%). With one person less it would be about {after}% busy; the person can work elsewhere.",
  'resizePool.add.rationale.salaried':
    "'{pool}' is busy {percent}% of its time (above {threshold}%): queues grow steeply at this load. One more person shortens the waiting and costs {cost} a week (paid hours x rate).",
  'resizePool.remove.rationale.salaried':
    "'{pool}' is busy only {percent}% of its time (below {threshold}%). With one person less it would be about {after}% busy and the process costs {saving} a week less (the person's paid hours x rate).",
  'removeSuperfluousGateway.title': "Remove the gateway '{gateway}': it neither splits nor joins",
  'removeSuperfluousGateway.rationale': 'A gateway with one incoming and one outgoing flow decides nothing; it only makes the diagram harder to read.',
  'splitMixedGateway.title': "Split the gateway '{gateway}' into a join and a split",
  'splitMixedGateway.rationale':
    'A gateway that both joins and splits is read differently by different people and tools (BPMN leaves its meaning open). One gateway to merge and one to decide make the intent explicit.',
  'fixDeadlockJoin.exclusive.title': "Make '{join}' a exclusive (XOR) join",
  'fixDeadlockJoin.exclusive.rationale': "'{split}' sends a case down one branch, but the parallel join '{join}' waits for all of them: cases get stuck there for ever (deadlock).",
  'fixDeadlockJoin.inclusive.title': "Make '{join}' a inclusive (OR) join",
  'fixDeadlockJoin.inclusive.rationale': "'{split}' sends a case down some branches, but the parallel join '{join}' waits for all of them: cases get stuck there for ever (deadlock).",
  'flagFirstResponse.title': "Flag '{task}' as the first substantive response",
  'flagFirstResponse.rationale.message':
    "No task is flagged as the one that first answers the customer, so first-response time is not measured. '{task}' is the first person's task on the main path that sends a message: confirm it (or flag another task in its properties) to measure it.",
  'flagFirstResponse.rationale.name':
    "No task is flagged as the one that first answers the customer, so first-response time is not measured. '{task}' is the first person's task on the main path whose name says it answers: confirm it (or flag another task in its properties) to measure it.",
} as const;

export type SuggestionMessageKey = keyof typeof SUGGESTION_MESSAGES_EN;

export const ENGLISH_MESSAGE_STYLE: SuggestionMessageStyle = {
  number: String,
  list: (names, conjunction) => names.map((n) => `'${n}'`).join(conjunction ? ' and ' : ', '),
};

/**
 * A template with its parameters filled in (one pass: text inside a parameter is never read as a placeholder).
 * An unknown parameter stays as written.
 *
 * @example
 * formatSuggestionMessage("Automate '{task}'", { task: 'Check order' }); // "Automate 'Check order'"
 */
export function formatSuggestionMessage(template: string, params: SuggestionMessage['params'], style: SuggestionMessageStyle = ENGLISH_MESSAGE_STYLE): string {
  return template.replace(/\{(\w+)(:and)?\}/g, (whole, name: string, conjunction: string | undefined) => {
    const value = params[name];
    if (value === undefined) return whole;
    if (typeof value === 'number') return style.number(value);
    return typeof value === 'string' ? value : style.list(value as readonly string[], conjunction !== undefined);
  });
}

/** A message of a built-in key and its English text. */
export function englishMessage(key: SuggestionMessageKey, params: SuggestionMessage['params'] = {}): { readonly text: string; readonly message: SuggestionMessage } {
  return { text: formatSuggestionMessage(SUGGESTION_MESSAGES_EN[key], params), message: { key, params } };
}

/** The `title`, `titleMessage`, `rationale` and `rationaleMessage` of a suggestion from two built-in messages. */
export function suggestionTexts(
  title: SuggestionMessageKey,
  rationale: SuggestionMessageKey,
  params: SuggestionMessage['params'] = {},
): { title: string; titleMessage: SuggestionMessage; rationale: string; rationaleMessage: SuggestionMessage } {
  const t = englishMessage(title, params);
  const r = englishMessage(rationale, params);
  return { title: t.text, titleMessage: t.message, rationale: r.text, rationaleMessage: r.message };
}
