// Small stream highlighters for HCL and Rego, which CodeMirror has no
// package for: comments, strings, numbers, keywords and block names.
import { StreamLanguage } from '@codemirror/language';

function stream(keywords, { hashComments = true, slashComments = true, rawStrings = false } = {}) {
  return StreamLanguage.define({
    startState: () => ({ inBlockComment: false }),
    token(s, st) {
      if (st.inBlockComment) {
        if (s.skipTo('*/')) { s.next(); s.next(); st.inBlockComment = false; } else s.skipToEnd();
        return 'comment';
      }
      if (s.eatSpace()) return null;
      if (hashComments && s.match('#')) { s.skipToEnd(); return 'comment'; }
      if (slashComments && s.match('//')) { s.skipToEnd(); return 'comment'; }
      if (slashComments && s.match('/*')) { st.inBlockComment = true; return 'comment'; }
      if (s.match(/^"(?:[^"\\]|\\.)*"?/)) return 'string';
      if (rawStrings && s.match(/^`[^`]*`?/)) return 'string';
      if (s.match(/^-?\d+(\.\d+)?([eE][-+]?\d+)?%?/)) return 'number';
      if (s.match(/^[A-Za-z_][\w-]*/)) {
        const w = s.current();
        if (keywords.has(w)) return 'keyword';
        if (w === 'true' || w === 'false' || w === 'null') return 'atom';
        return s.match(/^\s*[={]/, false) ? 'propertyName' : 'variableName';
      }
      s.next();
      return null;
    },
    languageData: { commentTokens: { line: hashComments ? '#' : '//' } },
  });
}

export const hcl = stream(new Set(['zone', 'service', 'database', 'cache', 'queue', 'load_balancer', 'external', 'journey', 'call', 'exception', 'for', 'in', 'if']));
export const rego = stream(new Set(['package', 'import', 'if', 'contains', 'some', 'every', 'in', 'not', 'default', 'else', 'with', 'as']), { slashComments: false, rawStrings: true });
