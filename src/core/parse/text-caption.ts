/**
 * Photo captions and credits in copied text: whole caption lines under a title, and a caption
 * glued to the start of a flattened paragraph ("… Office via AP Guatemalan President … on Thursday
 * Japan and Guatemala are likely …").
 */
import { COMMON_VERBS, FUNCTION_WORDS } from './text-sentences.js';

/** Photo credit wording: agency photo tags, stock agencies, "Photo:" labels. */
export const PHOTO_CREDIT =
  /\b(via AP|AP Photo|via Reuters|Reuters\/|\/Reuters|AFP via Getty|Getty Images|\/AFP|AFP\/|\/EPA|EPA-EFE|Shutterstock|Alamy|Bloomberg via Getty|Photo(?:graph)?:|Image:|Credit:|Picture:|Illustration:|Photo by|Photo courtesy|courtesy of|Handout|File photo)/i;

/** True for a line that is a caption or a credit rather than body text. */
export function isCaptionLine(line: string): boolean {
  const t = line.trim();
  if (/^(photo|photograph|image|picture|credit|illustration|caption)s?\s*:/i.test(t)) return true;
  // A parenthesised photo credit at the end: "(AP Photo/Jae C. Hong)", "(Courier photo/Ana Ruiz)".
  if (/\([^()]*\b(photos?|photograph|images?|pictures?|illustration)\b[^()]*\)\s*$/i.test(t)) return true;
  if (/\b(AP Photo|Getty Images|via AP|via Reuters)\b[^.]*$/i.test(t) && t.length < 400) return true;
  return false;
}

/** Result of {@link splitLeadingCaption}. */
export interface CaptionSplit {
  caption?: string;
  rest: string;
}

/**
 * Separates a caption glued to the start of a flattened paragraph. Applies only when a photo
 * credit appears in the first 300 characters. The body then starts at the first capitalised
 * word after the credit that follows a content word and is followed by a common finite verb
 * within six words ("Japan and Guatemala are …"); a credit in parentheses ends the caption itself.
 */
export function splitLeadingCaption(text: string): CaptionSplit {
  const credit = PHOTO_CREDIT.exec(text.slice(0, 300));
  if (!credit) return { rest: text };
  const end = credit.index + credit[0].length;
  // A parenthesised credit "(AP Photo/Jae C. Hong)" closes the caption.
  const close = text.indexOf(')', end);
  if (close !== -1 && close - end < 60 && text.lastIndexOf('(', credit.index) > text.lastIndexOf(')', credit.index - 1)) {
    const rest = text.slice(close + 1).trim();
    if (/^["“]?\p{Lu}/u.test(rest)) return { caption: text.slice(0, close + 1).trim(), rest };
  }
  const tail = text.slice(end);
  const tokens = tail.split(/(\s+)/);
  let offset = end;
  let prevWord = credit[0];
  const words: { word: string; at: number }[] = [];
  for (const t of tokens) {
    if (t.trim() !== '') words.push({ word: t, at: offset });
    offset += t.length;
  }
  for (let i = 0; i < words.length && i < 60; i++) {
    const { word, at } = words[i]!;
    const prevBare = prevWord.replace(/[^\p{L}\p{N}']/gu, '').toLowerCase();
    const startsHere =
      /^["“]?\p{Lu}/u.test(word) &&
      !FUNCTION_WORDS.has(prevBare) &&
      !/[,;:]$/.test(prevWord) &&
      words.slice(i + 1, i + 7).some((w) => COMMON_VERBS.has(w.word.replace(/[^\p{L}]/gu, '').toLowerCase())) &&
      words.length - i >= 6;
    if (startsHere) {
      const caption = text.slice(0, at).trim().replace(/[.,;:]$/, '');
      return { caption, rest: text.slice(at).trim() };
    }
    prevWord = word;
  }
  return { rest: text };
}
