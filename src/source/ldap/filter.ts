import { AndFilter, ExtensibleFilter, FilterParser, NotFilter, OrFilter, type Filter } from "ldapts";
import { ConfigError } from "../../model/errors.js";

/** LDAP_MATCHING_RULE_BIT_AND: the account-disabled bit (2) of userAccountControl. */
const BIT_AND = "1.2.840.113556.1.4.803";
/** LDAP_MATCHING_RULE_IN_CHAIN: membership through nested groups. */
const IN_CHAIN = "1.2.840.113556.1.4.1941";

/**
 * ldapts accepts some unbalanced filters such as `(&(a=b)` as if closed. A literal parenthesis in a
 * value must be written \28 / \29 (RFC 4515), so every one in the text is structure.
 */
function checkParentheses(text: string): void {
  if (!text.startsWith("(") || !text.endsWith(")")) throw new Error("a filter is wrapped in parentheses");
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === "(") depth++;
    if (c === ")") depth--;
    if (depth < 0 || (depth === 0 && i < text.length - 1)) {
      throw new Error(`unbalanced parentheses at character ${i + 1}`);
    }
  }
  if (depth !== 0) throw new Error("unbalanced parentheses: a ( is never closed");
}

/** The admin's filter string, parsed so that a typo is a configuration error, not a failed read. */
export function parseAdminFilter(text: string): Filter {
  if (/\\[89a-f][0-9a-f]/i.test(text)) {
    throw new ConfigError(undefined, [
      {
        key: "source.filter",
        message: `"${text}" escapes a non-ASCII byte as \\xx, which the LDAP library would corrupt; write such characters as themselves (e.g. (l=Tromsø))`,
      },
    ]);
  }
  try {
    checkParentheses(text.trim());
    return FilterParser.parseString(text.trim());
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError(undefined, [
      {
        key: "source.filter",
        message: `"${text}" is not a valid LDAP filter (${reason}); write it like (&(objectCategory=person)(objectClass=user))`,
      },
    ]);
  }
}

/**
 * The search filter: the admin's filter AND enabled-only AND (member of any group, nested).
 * Built from filter objects, so group DNs need no escaping and non-ASCII text stays intact
 * (ldapts corrupts `\xx` escapes of bytes >= 0x80 in filter strings).
 */
export function buildSearchFilter(options: {
  filter: string;
  memberOf: readonly string[];
  disabledAccounts: "exclude" | "include";
}): Filter {
  const parts: Filter[] = [parseAdminFilter(options.filter)];
  if (options.disabledAccounts === "exclude") {
    parts.push(
      new NotFilter({
        filter: new ExtensibleFilter({ matchType: "userAccountControl", rule: BIT_AND, value: "2" }),
      }),
    );
  }
  if (options.memberOf.length > 0) {
    parts.push(
      new OrFilter({
        filters: options.memberOf.map(
          (group) => new ExtensibleFilter({ matchType: "memberOf", rule: IN_CHAIN, value: group }),
        ),
      }),
    );
  }
  return parts.length === 1 && parts[0] ? parts[0] : new AndFilter({ filters: parts });
}
