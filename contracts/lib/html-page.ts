// The suite's static HTML reports (assumption ledger, drift report): one self-contained page,
// no external assets, so a report opens anywhere, CI artifact viewers included. The load
// report's page and SVG charts escape their text with escapeHtml too.

/** Text made safe for HTML and SVG content and double-quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const STYLE = `body { font-family: sans-serif; max-width: 1100px; margin: 2em auto; color: #222; }
table { border-collapse: collapse; margin: 1em 0; }
td, th { border: 1px solid #ccc; padding: 4px 8px; text-align: left; vertical-align: top; }
code, pre { font-size: 12px; }
pre { white-space: pre-wrap; word-break: break-all; margin: 0; }
.summary { font-size: 1.2em; font-weight: bold; }
.confirmed, .seen { background: #d9f2d9; }
.contradicted, .undocumented { background: #f8d0d0; }
.not-exercised, .not-seen { background: #eee; }
.legend span { display: inline-block; padding: 2px 8px; margin-right: 8px; border: 1px solid #ccc; }`;

/** A whole HTML page around `body` (already escaped). */
export function htmlPage(title: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>${escapeHtml(title)}</title>
<style>
${STYLE}
</style>
</head>
<body>
<h1>${escapeHtml(title)}</h1>
${body}
</body>
</html>
`;
}
