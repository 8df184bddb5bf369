// Test fixture: handlers that throw or return malformed data next to handlers that work.
export function activate(context) {
  let calls = 0;
  context.subscriptions.push(
    context.commands.registerCommand('fixtures.flaky.fail', () => {
      throw new Error('command failed on purpose');
    }),
    context.commands.registerCommand('fixtures.flaky.ok', () => ++calls),
    context.commands.registerCommand('fixtures.flaky.badView', () => {
      // rows must be a list: the host rejects this payload and reports it
      context.views.setViewContent('fixtures.flaky.view', { kind: 'table', columns: [], rows: 'not rows' });
      return 'sent';
    }),
    context.commands.registerCommand('fixtures.flaky.timerThrow', () => {
      setTimeout(() => {
        throw new Error('thrown from a timer');
      }, 0);
      return 'scheduled';
    }),
    context.scoring.registerRule('fixtures.flaky.throwingRule', {
      evaluate() {
        throw new Error('rule failed on purpose');
      },
    }),
    context.scoring.registerRule('fixtures.flaky.outOfRange', { evaluate: () => ({ score: 150, findings: [] }) }),
    context.scoring.registerRule('fixtures.flaky.goodRule', {
      evaluate: ({ graph }) => ({ score: Math.min(100, graph.nodes.length), findings: [] }),
    }),
  );
}
