/** Short, one-line renderings of field values for the text report. */
export function formatValue(value: unknown): string {
  if (value === null || value === undefined || value === "") return "(empty)";
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) {
    if (value.length === 0) return "(empty)";
    return value.map((v) => formatPhoneOrValue(v)).join(", ");
  }
  if (typeof value === "object") {
    const parts = Object.values(value).filter((v) => v !== null && v !== "");
    return parts.length === 0 ? "(empty)" : parts.map(String).join(", ");
  }
  return JSON.stringify(value);
}

function formatPhoneOrValue(value: unknown): string {
  if (value && typeof value === "object" && "type" in value && "number" in value) {
    return `${String(value.number)} (${String(value.type)})`;
  }
  return formatValue(value);
}
