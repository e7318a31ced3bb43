/** Whether a text is (mostly) written in Chinese. */
export function hasChineseText(text: string): boolean {
  return /[\u3400-\u9fff]/.test(text);
}
