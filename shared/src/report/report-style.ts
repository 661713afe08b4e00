/** Print CSS of the HTML report: A4 portrait, black on white, colour only as a second cue. */
export const REPORT_CSS = `
@page { size: A4; margin: 14mm 14mm 16mm; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 182mm; color: #111; font: 10.5pt/1.45 "Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", sans-serif; }
.en { color: #555; font-size: 0.82em; }
.mono { font-family: "DejaVu Sans Mono", Consolas, monospace; }
.small { font-size: 0.8em; }
h1 { margin: 0; font-size: 20pt; letter-spacing: 0.05em; }
h2 { margin: 5mm 0 2mm; padding-bottom: 1mm; border-bottom: 1.5pt solid #0b2545; color: #0b2545; font-size: 12.5pt; }
h3 { margin: 0 0 1mm; font-size: 11pt; }
.head { display: flex; justify-content: space-between; align-items: flex-end; padding-bottom: 3mm; border-bottom: 3pt double #0b2545; }
.kind { padding: 1.5mm 4mm; border: 1.5pt solid #0b2545; border-radius: 2mm; font-size: 13pt; font-weight: 700; }
table { width: 100%; border-collapse: collapse; }
.facts { margin-top: 3mm; }
.facts th, .facts td { padding: 1.2mm 2mm; border: 0.6pt solid #bbb; text-align: left; vertical-align: top; }
.facts th { width: 22%; background: #f1f4f8; font-weight: 600; }
.member { display: grid; grid-template-columns: 45mm 45mm 1fr; gap: 4mm; align-items: start; padding: 2.5mm 0; border-bottom: 0.6pt solid #ccc; break-inside: avoid; }
figure { margin: 0; }
figure img, .noimg { display: block; width: 45mm; height: 34mm; object-fit: contain; background: #222; border: 0.6pt solid #888; }
.noimg { display: flex; align-items: center; justify-content: center; background: #f3f3f3; color: #777; }
figcaption { margin-top: 1mm; text-align: center; font-size: 8.5pt; }
.name { font-size: 14pt; font-weight: 700; }
.check { margin-top: 1mm; font-size: 9pt; }
.counts { display: flex; gap: 3mm; margin-bottom: 2mm; }
.count { flex: 1; padding: 1.5mm 3mm; border: 1pt solid #999; border-radius: 1.5mm; }
.count b { font-size: 14pt; margin-right: 1mm; }
.count.scanned { border-color: #15803d; }
.count.missing { border-color: #b45309; }
.count.rejected { border-color: #c0262d; }
.boxes th, .boxes td, .alarms td { padding: 0.8mm 2mm; border: 0.6pt solid #bbb; text-align: left; }
.boxes th { background: #f1f4f8; }
.boxes tr { break-inside: avoid; }
.boxes tr.missing td { background: #fff3d6; font-weight: 700; }
.boxes tr.rejected td { background: #fde8e8; font-weight: 700; }
.discrepancy { margin-top: 3mm; padding: 2mm 3mm; border: 1.5pt solid #b45309; background: #fff8e8; break-inside: avoid; }
.integrity dl { display: grid; grid-template-columns: 40mm 1fr; gap: 1mm 3mm; margin: 0; }
.integrity dt { font-weight: 600; }
.integrity dd { margin: 0; }
.hash { word-break: break-all; font-size: 9pt; }
.note { margin: 2mm 0 0; font-size: 8.5pt; color: #444; }
.signatures { display: flex; gap: 12mm; break-inside: avoid; }
.sign { flex: 1; font-size: 8.5pt; color: #444; }
.sign .role { font-size: 9pt; }
.sign .person { color: #111; font-size: 12pt; font-weight: 600; }
.sign .line { height: 10mm; border-bottom: 0.8pt solid #111; margin-bottom: 1mm; }
@media screen { body { padding: 10mm 0; } }
`;
