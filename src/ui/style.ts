import { styleText } from "node:util";

type Format = Parameters<typeof styleText>[0];

// Colour only for a terminal that wants it: NO_COLOR, FORCE_COLOR and non-TTY output
// are honoured by styleText's own stream check.
const paint =
  (format: Format) =>
  (text: string): string =>
    styleText(format, text, { stream: process.stdout });

export const bold = paint("bold");
export const dim = paint("dim");
export const red = paint("red");
export const green = paint("green");
export const yellow = paint("yellow");
export const cyan = paint("cyan");
