// Test fixture: a command that never returns and blocks its worker's event loop.
export function activate(context) {
  context.subscriptions.push(
    context.commands.registerCommand('fixtures.loop.run', () => {
      for (;;) {
        // spin
      }
    }),
  );
}
