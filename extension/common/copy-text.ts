/**
 * Copies text for the user. The async clipboard API can be refused (no focus, a page's permission
 * policy); then the old select-and-copy on the visible field still works inside a click.
 */
export async function copyText(text: string, field?: HTMLInputElement | null): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text);
    return true;
  } catch {
    if (!field) return false;
    field.focus();
    field.select();
    // Deprecated, but the only fallback that works where the async API is refused.
    return document.execCommand('copy');
  }
}
