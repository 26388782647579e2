/* "Aanbod aanmelden": builds an entry from the form, checks it against the same JSON Schema that
 * `build.py check` uses (directory/data/entry.schema.json, served at /schema/aanbod.schema.json),
 * shows the YAML and opens GitHub's new-file page with name and content filled in. */
import { Validator } from "./vendor/json-schema/index.js";

const form = document.getElementById("aanmelden");
const summary = document.getElementById("foutoverzicht");
const result = document.getElementById("resultaat");
let schema = null;
let current = null;  // the entry being checked, for messages that need its values
const MAILTO_LIMIT = 2000;

function recentlyDated() {
  const shown = value("bron-datum");
  if (!shown) return false;
  const limit = new Date(value("vandaag"));
  limit.setFullYear(limit.getFullYear() - 3);
  return new Date(shown) >= limit;
}

const LABELS = {
  naam: "Naam", organisatie: "Organisatie", vorm: "Wat voor aanbod", samenvatting: "Samenvatting", beschrijving: "Beschrijving",
  categorieen: "Soort aanbod", status: "Status", "bron-datum": "Datum op de pagina", regio: "Regio", bronnen: "Bronnen", gecontroleerd: "Gecontroleerd op",
  "contact.website": "Website", "contact.telefoon": "Telefoon", "contact.email": "E-mail",
  "contact.whatsapp": "WhatsApp", "contact.professionals.telefoon": "Telefoon voor professionals",
  "contact.professionals.email": "E-mail voor professionals", leeftijd: "Leeftijd", bestand: "Bestandsnaam",
};

function value(name) { return (form.elements[name] ? form.elements[name].value : "").trim(); }
function checked(name) { return Array.from(form.querySelectorAll(`input[name="${name}"]:checked`)).map((i) => i.value); }
function lines(name) { return value(name).split("\n").map((l) => l.trim()).filter(Boolean); }
function slugify(text) {
  return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "");
}

function entry() {
  const data = {};
  for (const name of ["naam", "organisatie"]) if (value(name)) data[name] = value(name);
  const kind = form.querySelector('input[name="vorm"]:checked');
  if (kind) data.vorm = kind.value;
  if (value("samenvatting")) data.samenvatting = value("samenvatting");
  if (value("beschrijving")) data.beschrijving = value("beschrijving");
  data.categorieen = checked("categorieen");
  for (const name of ["doelgroepen", "fasen", "leefgebieden"]) if (checked(name).length) data[name] = checked(name);
  const age = {};
  if (value("leeftijd-van")) age.van = Number(value("leeftijd-van"));
  if (value("leeftijd-tot")) age.tot = Number(value("leeftijd-tot"));
  if (Object.keys(age).length) data.leeftijd = age;
  if (value("regio")) data.regio = value("regio");
  if (checked("gemeenten").length) data.gemeenten = checked("gemeenten");
  const signup = {};
  const own = form.querySelector('input[name="zelf"]:checked');
  if (own && own.value) signup.zelf = own.value === "ja";
  if (value("verwijzers")) signup.verwijzers = value("verwijzers").split(",").map((v) => v.trim()).filter(Boolean);
  if (value("hoe")) signup.hoe = value("hoe");
  if (Object.keys(signup).length) data.aanmelden = signup;
  if (lines("voorwaarden").length) data.voorwaarden = lines("voorwaarden");
  if (value("kosten")) data.kosten = value("kosten");
  const contact = {};
  for (const name of ["website", "telefoon", "email", "whatsapp", "adres"]) if (value(name)) contact[name] = value(name);
  const pro = {};
  if (value("prof-naam")) pro.naam = value("prof-naam");
  if (value("prof-telefoon")) pro.telefoon = value("prof-telefoon");
  if (value("prof-email")) pro.email = value("prof-email");
  if (Object.keys(pro).length) contact.professionals = pro;
  if (Object.keys(contact).length) data.contact = contact;
  if (checked("wettelijk_kader").length) data.wettelijk_kader = checked("wettelijk_kader");
  data.status = value("status") || "onbekend";
  // Each web source carries the date the page shows or, where it shows none, the day it was consulted.
  data.bronnen = lines("bronnen").map((url) => (/^https?:\/\//.test(url)
    ? (value("bron-datum") ? { url, datum: value("bron-datum") } : { url, geraadpleegd: value("vandaag") })
    : url));
  if (value("gecontroleerd")) data.gecontroleerd = value("gecontroleerd");
  return data;
}

// YAML out of plain data: JSON strings are valid YAML double-quoted scalars.
function scalar(v, key) {
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  if (["gecontroleerd", "van", "tot", "datum", "geraadpleegd"].includes(key)) return /^\d{4}-\d{2}-\d{2}$/.test(v) ? v : JSON.stringify(v);
  return JSON.stringify(v);
}
function toYaml(data, indent = "") {
  let out = "";
  for (const [key, v] of Object.entries(data)) {
    if (Array.isArray(v)) {
      out += `${indent}${key}:\n` + v.map((item) => (item && typeof item === "object"
        ? `${indent}  - ` + toYaml(item, indent + "    ").trimStart()
        : `${indent}  - ${scalar(item, key)}\n`)).join("");
    } else if (v && typeof v === "object") {
      out += `${indent}${key}:\n` + toYaml(v, indent + "  ");
    } else if (key === "beschrijving" && v.includes("\n")) {
      out += `${indent}${key}: |\n` + v.split("\n").map((l) => `${indent}  ${l}`.trimEnd()).join("\n") + "\n";
    } else {
      out += `${indent}${key}: ${scalar(v, key)}\n`;
    }
  }
  return out;
}

function resolve(node) {
  while (node && node.$ref) node = node.$ref.split("/").slice(1).reduce((n, k) => n[k], schema);
  return node || {};
}
function subschema(path) {
  let node = schema;
  for (const part of path) {
    node = resolve(node);
    node = /^\d+$/.test(part) ? node.items : (node.properties || {})[part];
    if (!node) return {};
  }
  return resolve(node);
}

function dutch(error) {
  const path = error.instanceLocation.replace(/^#\/?/, "").split("/").filter(Boolean);
  if (error.keyword === "required") {
    const missing = /"([^"]+)"/.exec(error.error);
    if (missing) path.push(missing[1]);
    return { path, message: "Vul dit veld in." };
  }
  const node = subschema(path);
  if (error.keyword === "pattern") {  // which of the patterns failed: the rule for visible text, or the field's own
    const value = path.reduce((v, k) => (v == null ? v : v[k]), current);
    const rules = [schema.$defs.zichtbaar, ...(node.allOf || []).map(resolve), node].filter((n) => n && n.pattern);
    const failed = rules.find((n) => typeof value === "string" && !new RegExp(n.pattern, "u").test(value));
    if (failed && failed["x-foutmelding"]) return { path, message: failed["x-foutmelding"][0].toUpperCase() + failed["x-foutmelding"].slice(1) + "." };
  }
  const messages = {
    minItems: "Kies minstens één.", maxLength: `Hoogstens ${node.maxLength} tekens.`, minLength: "Vul dit veld in.",
    type: "Dit heeft niet de goede vorm.", enum: "Kies een waarde uit de lijst.", minimum: "Dit getal is te laag.", maximum: "Dit getal is te hoog.",
  };
  const message = node["x-foutmelding"] ? node["x-foutmelding"][0].toUpperCase() + node["x-foutmelding"].slice(1) + "." : messages[error.keyword];
  return { path, message: message || error.error };
}

function fieldOf(path) {
  const key = path.filter((p) => !/^\d+$/.test(p)).join(".");
  return { key, element: document.getElementById("veld-" + key) || document.getElementById("veld-" + path[0]) };
}

function showErrors(errors) {
  form.querySelectorAll(".field-error").forEach((n) => n.remove());
  form.querySelectorAll("[aria-invalid]").forEach((n) => n.removeAttribute("aria-invalid"));
  summary.textContent = "";
  if (!errors.length) { summary.hidden = true; return; }
  const list = document.createElement("ul");
  const seen = new Set();
  for (const { path, message } of errors) {
    const { key, element } = fieldOf(path);
    if (seen.has(key) || !element) continue;
    seen.add(key);
    const note = document.createElement("span");
    note.className = "field-error";
    note.id = "fout-" + key.replace(/\./g, "-");
    note.textContent = message;
    element.appendChild(note);
    const input = element.querySelector("input, textarea, select");
    if (input) { input.setAttribute("aria-invalid", "true"); input.setAttribute("aria-describedby", note.id); }
    const item = document.createElement("li");
    const link = document.createElement("a");
    link.href = "#" + element.id;
    link.textContent = `${LABELS[key] || key}: ${message}`;
    item.appendChild(link);
    list.appendChild(item);
  }
  const heading = document.createElement("p");
  heading.textContent = "Nog niet alles klopt:";
  summary.append(heading, list);
  summary.hidden = false;
  summary.focus();
}

function limitMunicipalities() {
  const region = value("regio");
  form.querySelectorAll("#veld-gemeenten label").forEach((label) => {
    const fits = !region || region === "landelijk" ? false : label.dataset.regio === region;
    label.hidden = !fits;
    if (!fits) label.querySelector("input").checked = false;
  });
}

form.elements.regio.addEventListener("change", limitMunicipalities);
form.elements.naam.addEventListener("input", () => {
  if (!form.elements.bestand.dataset.touched) form.elements.bestand.value = slugify(value("naam"));
});
form.elements.bestand.addEventListener("input", () => { form.elements.bestand.dataset.touched = "1"; });
limitMunicipalities();

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  if (!schema) schema = await (await fetch(form.dataset.schema)).json();
  const data = entry();
  current = data;
  const validator = new Validator(schema, "2020-12", false);
  const outcome = validator.validate(data);
  const errors = outcome.valid ? [] : outcome.errors.filter((e) => e.keyword !== "properties" && e.keyword !== "$ref" && e.keyword !== "items" && e.keyword !== "allOf").map(dutch);
  const file = value("bestand") || slugify(value("naam"));
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(file)) errors.push({ path: ["bestand"], message: "Alleen kleine letters, cijfers en streepjes." });
  if (data.status === "actief" && !recentlyDated()) {
    errors.push({ path: ["status"], message: "Actief vraagt een bron met een datum van de laatste drie jaar; kies anders Onbekend." });
  }
  showErrors(errors);
  if (errors.length) { result.hidden = true; return; }
  const yaml = "# yaml-language-server: $schema=../directory/data/entry.schema.json\n" + toYaml(data);
  document.getElementById("yaml").textContent = yaml;
  const url = `${form.dataset.repository}/new/${form.dataset.branch}?filename=${encodeURIComponent("entries/" + file + ".yaml")}&value=${encodeURIComponent(yaml)}`;
  document.getElementById("github-link").href = url;
  const mailLink = document.getElementById("mail-link");  // none until the maintainers' address is set
  if (mailLink) {
    const mail = `mailto:${form.dataset.mail}?subject=${encodeURIComponent("Nieuw aanbod: " + (data.naam || file))}&body=${encodeURIComponent(yaml)}`;
    const tooLong = mail.length > MAILTO_LIMIT;  // many mail programs cut longer links
    mailLink.href = tooLong ? `mailto:${form.dataset.mail}?subject=${encodeURIComponent("Nieuw aanbod: " + (data.naam || file))}` : mail;
    document.getElementById("mail-te-lang").hidden = !tooLong;
  }
  result.hidden = false;
  document.getElementById("resultaat-titel").focus();
});

document.getElementById("kopieer").addEventListener("click", () => {
  navigator.clipboard && navigator.clipboard.writeText(document.getElementById("yaml").textContent);
});
