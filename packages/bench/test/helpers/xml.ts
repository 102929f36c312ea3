/**
 * A strict well-formedness check for the SVG we write (no DOCTYPE, CDATA or
 * processing instructions): tags nest and close, attributes are quoted, text
 * and attribute values escape `<` and `&`. Returns the elements, in document order.
 */
export interface Element {
  readonly name: string
  readonly attributes: Readonly<Record<string, string>>
  /** The enclosing element; undefined for the root. */
  readonly parent?: Element | undefined
}

const TEXT = /^(?:[^<&]|&(?:amp|lt|gt|quot|apos|#\d+);)*$/
const TAG = /<(\/?)([A-Za-z][\w:.-]*)((?:\s+[\w:.-]+="(?:[^"<&]|&(?:amp|lt|gt|quot|apos|#\d+);)*")*)\s*(\/?)>/y
const ATTRIBUTE = /([\w:.-]+)="([^"]*)"/g

export const parseXml = (text: string): Array<Element> => {
  const elements: Array<Element> = []
  const open: Array<string> = []
  const parents: Array<Element> = []
  let roots = 0
  let i = 0
  while (i < text.length) {
    const next = text.indexOf("<", i)
    const chunk = text.slice(i, next === -1 ? text.length : next)
    if (!TEXT.test(chunk)) throw new Error(`unescaped text at ${i}: ${JSON.stringify(chunk.slice(0, 40))}`)
    if (open.length === 0 && chunk.trim() !== "") throw new Error(`text outside the root at ${i}`)
    if (next === -1) break
    TAG.lastIndex = next
    const m = TAG.exec(text)
    if (m === null) throw new Error(`malformed tag at ${next}: ${JSON.stringify(text.slice(next, next + 60))}`)
    const [whole, closing, name, attrs, selfClosing] = m
    if (closing === "/") {
      if (attrs !== "" || selfClosing === "/") throw new Error(`malformed closing tag </${name}>`)
      const top = open.pop()
      parents.pop()
      if (top !== name) throw new Error(`</${name}> closes <${top}>`)
    } else {
      if (open.length === 0 && ++roots > 1) throw new Error("more than one root element")
      const attributes: Record<string, string> = {}
      for (const a of attrs.matchAll(ATTRIBUTE)) {
        if (a[1] in attributes) throw new Error(`duplicate attribute ${a[1]} on <${name}>`)
        attributes[a[1]] = a[2]
      }
      const element: Element = { name, attributes, parent: parents[parents.length - 1] }
      elements.push(element)
      if (selfClosing !== "/") {
        open.push(name)
        parents.push(element)
      }
    }
    i = next + whole.length
  }
  if (open.length > 0) throw new Error(`unclosed <${open.join("> <")}>`)
  if (roots !== 1) throw new Error("no root element")
  return elements
}
