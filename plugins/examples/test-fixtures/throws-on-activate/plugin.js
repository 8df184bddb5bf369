// Test fixture: activation fails.
export function activate() {
  throw new Error('broken on purpose during activate');
}
