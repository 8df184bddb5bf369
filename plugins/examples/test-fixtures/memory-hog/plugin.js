// Test fixture: keeps every array it allocates.
export function activate(context) {
  const kept = [];
  context.subscriptions.push(
    context.commands.registerCommand('fixtures.memory.grow', () => {
      for (;;) kept.push(new Array(100000).fill(kept.length));
    }),
  );
}
