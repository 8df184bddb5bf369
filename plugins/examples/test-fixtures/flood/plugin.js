// Test fixture: floods the host with messages (context keys), far above the rate limit.
export function activate(context) {
  context.subscriptions.push(
    context.commands.registerCommand('fixtures.flood.run', () => {
      for (let i = 0; i < 200000; i++) context.setContextKey('fixtures.flood.counter', i);
      return 'done';
    }),
  );
}
