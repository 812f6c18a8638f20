/** The cohort heatmap's grades (see heatmap.ts): ten of one hue, light to dark; the text turns
 * white from the seventh on, so that every cell keeps a contrast of 4.5:1 or more. */
export const GRADES = 10;

/** The grades' colours (light and dark schemes), added to the page's CSS. */
export const HEATMAP_CSS = `
table.heatmap td.heat { text-align: center; min-width: 4.2em; padding: 3px 6px; }
table.heatmap td.heat span { display: block; } table.heatmap td.heat .n { font-size: .75rem; opacity: .85; }
${Array.from({ length: GRADES }, (_, g) => `table.heatmap td.g${g} { background: hsl(212 80% ${96 - g * 8}%); color: ${g >= 6 ? "#fff" : "#1b1f24"}; }`).join("\n")}
`;
