import { describe, expect, it } from "vitest";
import { deriveNames } from "../../src/naming.ts";

function names(input: string) {
  const result = deriveNames(input);
  if (!result.ok) throw new Error(result.reason);
  return result.names;
}

function reason(input: string): string {
  const result = deriveNames(input);
  if (result.ok) throw new Error(`${input} was accepted`);
  return result.reason;
}

describe("deriveNames", () => {
  it("gives the file, the model and the export each its spelling", () => {
    expect(names("refund-order")).toEqual({
      words: ["refund", "order"],
      kebab: "refund-order",
      snake: "refund_order",
      camel: "refundOrder",
    });
  });

  it.each(["refund-order", "refund_order", "refundOrder", "RefundOrder", "REFUND_ORDER", " refund-order "])(
    "reads %j as the same name",
    (input) => {
      expect(names(input)).toEqual(names("refund-order"));
    },
  );

  it.each([
    ["lookupCustomer", "lookup-customer", "lookup_customer", "lookupCustomer"],
    ["HTTPRequest", "http-request", "http_request", "httpRequest"],
    ["getURLStatus", "get-url-status", "get_url_status", "getUrlStatus"],
    ["orderV2", "order-v2", "order_v2", "orderV2"],
    ["s3Upload", "s3-upload", "s3_upload", "s3Upload"],
    ["refund-2", "refund2", "refund2", "refund2"],
    ["search", "search", "search", "search"],
  ])("%s -> %s, %s, %s", (input, kebab, snake, camel) => {
    expect(names(input)).toMatchObject({ kebab, snake, camel });
  });

  it("derives the same names again from each spelling it produced", () => {
    for (const input of ["lookupCustomer", "HTTPRequest", "orderV2", "s3Upload", "send_email_to-customer"]) {
      const first = names(input);
      for (const spelling of [first.kebab, first.snake, first.camel]) expect(names(spelling)).toEqual(first);
    }
  });
});

describe("deriveNames refuses", () => {
  it("an empty name", () => {
    expect(reason("")).toMatch(/empty/);
    expect(reason("   ")).toMatch(/empty/);
  });

  it.each(["../x", "a/b", "/abs/olute", "a\\b", ".hidden", "~/tool", "C:tool", "x..y"])("the path-like %j", (input) => {
    expect(reason(input)).toContain("looks like a path");
  });

  it.each(["9lives", "2fa", "bad!", "refund order", "refund--order", "-refund", "refund_", "café", "a.b", "$x", "_private"])(
    "the non-identifier %j",
    (input) => {
      expect(reason(input)).toContain("is not a valid name: start with a letter");
    },
  );

  it.each(["delete", "class", "new", "default", "Import", "eval", "arguments", "undefined"])("the reserved word %j", (input) => {
    expect(reason(input)).toContain("JavaScript reserved word");
  });

  it("a name longer than providers accept", () => {
    expect(reason(`a${"b".repeat(64)}`)).toContain("at most 64");
    expect(names(`a${"b".repeat(63)}`).snake).toHaveLength(64);
  });
});
