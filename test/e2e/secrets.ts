/**
 * Where a secret could show in what the CLI prints: every form a value takes in the engine's output
 * (plain text, Go's `{&{{value}}}`, JSON strings with their escapes, URL encoding, base64).
 */
export function secretForms(secret: string): string[] {
  const forms = [
    secret,
    JSON.stringify(secret).slice(1, -1),
    JSON.stringify(JSON.stringify(secret)).slice(1, -1), // a JSON string inside a JSON string
    encodeURIComponent(secret),
    Buffer.from(secret).toString("base64").replace(/=+$/, ""),
  ];
  return [...new Set(forms)];
}

/** The names of the secrets found in `text`, in any of their forms. */
export function leakedSecrets(text: string, secrets: Record<string, string>): string[] {
  return Object.entries(secrets)
    .filter(([, value]) => secretForms(value).some((form) => text.includes(form)))
    .map(([name]) => name);
}

/** Each leak with the text around it, so a failing assertion shows where the secret was printed. */
export function leakReport(text: string, secrets: Record<string, string>): string[] {
  const found: string[] = [];
  for (const [name, value] of Object.entries(secrets))
    for (const form of secretForms(value)) {
      const at = text.indexOf(form);
      if (at >= 0) found.push(`${name}: …${text.slice(Math.max(0, at - 300), at + form.length + 80)}…`);
    }
  return found;
}
