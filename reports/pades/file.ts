/**
 * The I/O edge of PDF signing: reads a PDF, signs it (index.ts) and replaces it with the signed
 * file through a temporary file and a rename, so an interrupted run never leaves half a PDF, and a
 * signature that cannot be made (the TSA unreachable for B-T) leaves the unsigned PDF in place.
 */
import { readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { CannotFinishError, InputError, describeError, displayPath } from "../../src/util/errors.ts";
import { signPdfBytes, type PdfSignOptions } from "./index.ts";

/** Signs `file` in place (PAdES B-B, or B-T with options.tsaUrl); bad PDFs and keys are InputErrors naming the file. */
export async function signPdfFile(file: string, keyPem: string, certPem: string, options: PdfSignOptions = {}): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    throw new InputError([{ file, message: `cannot read the PDF: ${describeError(error)}` }]);
  }
  const signed = await signPdfBytes(bytes, keyPem, certPem, options).catch((error: unknown) => {
    if (error instanceof InputError && error.problems.every((p) => !p.file) && /^PDF:/.test(error.message)) throw new InputError([{ file, message: error.message.replace(/^PDF: /, "") }]);
    // The TSA down, or a signature too large: the unsigned PDF stays as it was, and the line says so.
    if (error instanceof CannotFinishError) throw new CannotFinishError(`${displayPath(file)} kept unsigned: ${error.message}`);
    throw error;
  });
  const temp = `${file}.signing-${process.pid}`;
  try {
    writeFileSync(temp, signed);
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw new CannotFinishError(`cannot write ${displayPath(file)}: ${describeError(error)}`);
  }
}
