/**
 * Gives the option lists of Ant Design's selects the name of the field that opens them. rc-select
 * renders each list as `role="listbox"` with the id `<field id>_list` and no name, so a screen
 * reader announces a nameless list, and axe-core reports it (aria-input-field-name, serious)
 * while a list is open or closing. The name is the field's own: its `aria-label`, or the text of
 * the `<label for>` of the field. Pure DOM, run on every change of the page (cheap: it looks only
 * at lists without a name).
 */
export function nameSelectLists(doc: Document): void {
  for (const list of doc.querySelectorAll<HTMLElement>(
    '[role="listbox"]:not([aria-label]):not([aria-labelledby]):not([title])',
  )) {
    const fieldId = list.id.endsWith('_list') ? list.id.slice(0, -'_list'.length) : '';
    if (!fieldId) continue;
    const field = doc.getElementById(fieldId);
    const label = doc.querySelector(`label[for="${CSS.escape(fieldId)}"]`);
    const name = field?.getAttribute('aria-label') ?? label?.textContent.trim();
    // As its title, the last source of an accessible name: a label of its own would make the list
    // a second element carrying the field's label (found by label, tests would find two).
    if (name) list.setAttribute('title', name);
  }
}

/** Keeps naming them as lists open, for the life of the page. */
export function watchSelectLists(doc: Document = document): () => void {
  const observer = new MutationObserver(() => nameSelectLists(doc));
  observer.observe(doc.body, { childList: true, subtree: true });
  nameSelectLists(doc);
  return () => observer.disconnect();
}
