// A tiny element builder: pages build their DOM from data with it, so text from the server is always set as text
// (never parsed as HTML).

export type Attributes = Record<string, string | number | boolean | null | undefined>;
export type Child = Node | string | null | undefined | false;

/**
 * Creates `<tag>` with `attrs` and `children`. An attribute whose value is false, null or undefined is left out;
 * true gives an empty attribute (`disabled=""`). Strings among the children become text nodes.
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attributes = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === false || value === null || value === undefined) continue;
    element.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    element.append(child);
  }
  return element;
}

/**
 * A page section: `<section class="card" id=…>` titled by an `<h2 id="{id}-heading">`, with a help paragraph
 * under the title, then `children`.
 */
export function card(id: string, title: string, help: Child | Child[], ...children: Child[]): HTMLElement {
  const heading = `${id}-heading`;
  return h(
    "section",
    { class: "card", id, "aria-labelledby": heading },
    h("h2", { id: heading }, title),
    h("p", { class: "help" }, ...(Array.isArray(help) ? help : [help])),
    ...children,
  );
}
