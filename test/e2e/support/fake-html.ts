/**
 * Markup helpers the fake youtube.com's pages share.
 * @module
 */

/** Text as HTML that shows it as is (titles may hold markup on purpose). */
export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );
}
