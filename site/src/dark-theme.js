// The editors' dark theme: One Dark's editor styles with syntax colours
// that reach WCAG AA contrast (4.5:1) on its background, on the active
// line and in tooltips. One Dark's own grey (#7d8799), red (#e06c75) and
// violet (#c678dd) fall short of it there.
import { EditorView } from '@codemirror/view';
import { HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { tags as t } from '@lezer/highlight';
import { oneDarkTheme } from '@codemirror/theme-one-dark';

export const palette = {
  grey: '#a0a9b8', red: '#f08d94', violet: '#d68ee8', blue: '#61afef', green: '#98c379',
  orange: '#d19a66', yellow: '#e5c07b', cyan: '#56b6c2', text: '#abb2bf', bright: '#ffffff',
};

const highlight = HighlightStyle.define([
  { tag: [t.meta, t.comment], color: palette.grey },
  { tag: t.keyword, color: palette.violet },
  { tag: [t.name, t.propertyName, t.character, t.macroName, t.deleted], color: palette.red },
  { tag: [t.function(t.variableName), t.labelName], color: palette.blue },
  { tag: [t.definition(t.name), t.separator], color: palette.text },
  { tag: [t.constant(t.name), t.standard(t.name), t.atom, t.bool, t.special(t.variableName), t.color], color: palette.orange },
  { tag: [t.typeName, t.className, t.namespace, t.number, t.annotation, t.modifier, t.self, t.changed], color: palette.yellow },
  { tag: [t.operator, t.operatorKeyword, t.escape, t.regexp, t.url, t.special(t.string)], color: palette.cyan },
  { tag: [t.string, t.processingInstruction, t.inserted], color: palette.green },
  { tag: t.link, color: palette.grey, textDecoration: 'underline' },
  { tag: t.heading, color: palette.red, fontWeight: 'bold' },
  { tag: t.strong, fontWeight: 'bold' },
  { tag: t.emphasis, fontStyle: 'italic' },
  { tag: t.strikethrough, textDecoration: 'line-through' },
  { tag: t.invalid, color: palette.bright },
]);

export const darkEditor = [
  oneDarkTheme,
  // on each gutter, below One Dark's colour for all of them
  EditorView.theme({ '.cm-gutter': { color: palette.grey } }, { dark: true }),
  syntaxHighlighting(highlight),
];
