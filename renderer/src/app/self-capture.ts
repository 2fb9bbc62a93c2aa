/**
 * The kiosk page draws itself into a PNG when main asks ('remote:screenshotRequested'), for
 * the console's screenshot command on a host that cannot capture its window (the headless
 * host). Every element is copied with its computed style into an SVG foreignObject, with the
 * page's fonts and images inlined, and the browser paints that into a canvas.
 *
 * What it shows is the DOM as styled, not the pixels on the glass: ::before/::after content,
 * CSS background images and a scrolled position are left out, and anything drawn outside the
 * page (an OS dialog, a dead display) cannot appear. Electron's host uses capturePage instead.
 */
import { SCREENSHOT_CHUNK_CHARS } from '../../../common/contract/remote.ts';
import type { Bridge } from '../bridge/kiosk-bridge.ts';
import { reportScreenshotFailure, sendScreenshotChunk } from '../remote/actions.ts';

const FONT_SETTLE_MS = 300;
const SKIPPED = new Set(['SCRIPT', 'STYLE', 'LINK', 'NOSCRIPT', 'TEMPLATE']);

async function dataUrlOf(url: string): Promise<string | null> {
  try {
    const answer = await fetch(url);
    if (!answer.ok) return null;
    const blob = await answer.blob();
    return await new Promise((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : null);
      reader.onerror = () => resolve(null);
      reader.readAsDataURL(blob);
    });
  } catch {
    return null;
  }
}

/**
 * Only the faces the page has loaded (the bundled fonts come in many subsets and weights):
 * fewer inlined files, and the ones the picture needs.
 */
function inUse(rule: CSSFontFaceRule): boolean {
  const family = rule.style.getPropertyValue('font-family').replace(/["']/g, '').trim();
  const weight = rule.style.getPropertyValue('font-weight').trim() || '400';
  const range = rule.style.getPropertyValue('unicode-range').replace(/\s/g, '').toUpperCase();
  for (const face of document.fonts) {
    if (face.status !== 'loaded' || face.family.replace(/["']/g, '') !== family) continue;
    const sameWeight = face.weight === weight || (face.weight === 'normal' && weight === '400');
    const faceRange = face.unicodeRange.replace(/\s/g, '').toUpperCase();
    if (sameWeight && (range === '' || faceRange === range)) return true;
  }
  return false;
}

/** The page's @font-face rules with their files inlined (an SVG image loads nothing). */
async function inlinedFonts(): Promise<string> {
  const rules: string[] = [];
  for (const sheet of [...document.styleSheets]) {
    let cssRules: CSSRuleList;
    try {
      cssRules = sheet.cssRules;
    } catch {
      continue;
    }
    for (const rule of [...cssRules]) {
      if (!(rule instanceof CSSFontFaceRule) || !inUse(rule)) continue;
      let text = rule.cssText;
      const base = sheet.href ?? document.baseURI;
      for (const match of text.matchAll(/url\(["']?([^"')]+)["']?\)/g)) {
        const inlined = await dataUrlOf(new URL(match[1]!, base).href);
        if (inlined !== null) text = text.replace(match[0], `url("${inlined}")`);
      }
      rules.push(text);
    }
  }
  return rules.join('\n');
}

async function cloneStyled(node: Node): Promise<Node | null> {
  if (node.nodeType === Node.TEXT_NODE) return document.createTextNode(node.textContent ?? '');
  if (!(node instanceof Element) || SKIPPED.has(node.tagName)) return null;
  const copy = node.cloneNode(false) as Element;
  const style = getComputedStyle(node);
  const declarations: string[] = [];
  for (const name of [...style]) {
    declarations.push(`${name}:${style.getPropertyValue(name)}`);
  }
  copy.setAttribute('style', declarations.join(';'));
  if (node instanceof HTMLInputElement) copy.setAttribute('value', node.value);
  if (node instanceof HTMLImageElement && node.currentSrc !== '') {
    const inlined = await dataUrlOf(node.currentSrc);
    if (inlined !== null) copy.setAttribute('src', inlined);
  }
  for (const child of [...node.childNodes]) {
    const cloned = await cloneStyled(child);
    if (cloned !== null) copy.appendChild(cloned);
  }
  return copy;
}

export async function drawPage(): Promise<{ png: Blob; widthPx: number; heightPx: number }> {
  const widthPx = window.innerWidth;
  const heightPx = window.innerHeight;
  const body = await cloneStyled(document.body);
  if (body === null) throw new Error('no page to draw');
  const wrapper = document.createElementNS('http://www.w3.org/1999/xhtml', 'div');
  const rootStyle = getComputedStyle(document.documentElement);
  wrapper.setAttribute(
    'style',
    `width:${widthPx}px;height:${heightPx}px;overflow:hidden;` +
      `background:${rootStyle.backgroundColor};font-size:${rootStyle.fontSize}`,
  );
  const fonts = document.createElementNS('http://www.w3.org/1999/xhtml', 'style');
  fonts.textContent = await inlinedFonts();
  wrapper.append(fonts, body);
  const xhtml = new XMLSerializer().serializeToString(wrapper);
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" width="${widthPx}" height="${heightPx}">` +
    `<foreignObject x="0" y="0" width="100%" height="100%">${xhtml}</foreignObject></svg>`;
  const image = new Image();
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
  await image.decode();
  // The image's inlined fonts finish decoding after the image itself: until then its text is
  // invisible. Two frames and a short pause let them in before the picture is taken.
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  await new Promise((resolve) => setTimeout(resolve, FONT_SETTLE_MS));
  const canvas = document.createElement('canvas');
  canvas.width = widthPx;
  canvas.height = heightPx;
  const context = canvas.getContext('2d');
  if (context === null) throw new Error('no 2D canvas');
  context.drawImage(image, 0, 0);
  const png = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (png === null) throw new Error('the canvas gave no PNG');
  return { png, widthPx, heightPx };
}

async function base64Of(blob: Blob): Promise<string> {
  const bytes = new Uint8Array(await blob.arrayBuffer());
  let binary = '';
  for (let at = 0; at < bytes.length; at += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(at, at + 0x8000));
  }
  return btoa(binary);
}

/** Answers main's screenshot requests for as long as the page lives. */
export function answerScreenshotRequests(bridge: Bridge): () => void {
  return bridge.on('remote:screenshotRequested', ({ requestId }) => {
    void (async () => {
      try {
        const { png, widthPx, heightPx } = await drawPage();
        const base64 = await base64Of(png);
        const total = Math.max(1, Math.ceil(base64.length / SCREENSHOT_CHUNK_CHARS));
        for (let index = 0; index < total; index += 1) {
          const part = base64.slice(
            index * SCREENSHOT_CHUNK_CHARS,
            (index + 1) * SCREENSHOT_CHUNK_CHARS,
          );
          const sent = await sendScreenshotChunk(bridge, {
            requestId,
            index,
            total,
            base64: part,
            widthPx,
            heightPx,
          });
          if (!sent) return;
        }
      } catch (error) {
        const message = error instanceof Error ? error.message : 'drawing failed';
        await reportScreenshotFailure(bridge, requestId, message);
      }
    })();
  });
}
