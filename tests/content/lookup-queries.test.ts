import { describe, expect, it } from "vitest";
import { loadContent } from "../../src/content/load.js";
import { TopicIndex } from "../../src/core/lookup.js";

const { library } = loadContent("content");
const index = new TopicIndex(library.topics);

/** What learners really type, and the topic card they should land on. */
const QUERIES: [query: string, topicId: string][] = [
  // A topic's name asked as a question
  ["what is iam", "iam"],
  ["what is kms?", "kms"],
  ["what's mfa", "mfa"],
  ["what is the root user", "root-user"],
  // Plain phrases
  ["who patches the os", "responsibility-ec2"],
  ["security of the cloud", "shared-responsibility-model"],
  ["security in the cloud", "shared-responsibility-model"],
  ["lambda patching", "responsibility-lambda"],
  ["patch management and training", "shared-controls"],
  ["six pillars", "well-architected-framework"],
  ["operational excellence", "operational-excellence"],
  ["rds multi-az", "reliability-pillar"],
  ["s3 intelligent tiering", "cost-optimization-pillar"],
  ["reduce carbon footprint", "sustainability-pillar"],
  ["serverless first", "performance-efficiency-pillar"],
  ["security pillar", "security-pillar"],
  ["authn vs authz", "authentication-vs-authorization"],
  ["root account", "root-user"],
  ["create an iam user", "iam-users"],
  ["user group", "iam-groups"],
  ["temporary credentials", "iam-roles"],
  ["json policy document", "iam-policies"],
  ["aws managed policy", "managed-policies"],
  ["permissions boundary", "permissions-boundaries"],
  ["access key for the cli", "access-keys"],
  ["password policy", "iam-best-practices"],
  ["list users and their credentials", "credential-report"],
  ["firewall for my ec2 instance", "security-groups"],
  ["stateless subnet firewall", "network-acls"],
  ["web application firewall", "waf"],
  ["manage firewall rules across accounts", "firewall-manager"],
  ["shield response team", "shield-advanced"],
  ["tls certificate", "certificate-manager"],
  ["encrypt data at rest", "encryption-in-transit-and-at-rest"],
  ["encryption keys", "kms"],
  ["cpu alarm", "cloudwatch"],
  ["vulnerability scanning", "inspector"],
  ["threat detection", "guardduty"],
  ["central security dashboard", "security-hub"],
  ["root cause of a security finding", "detective"],
  ["collect audit evidence", "audit-manager"],
  ["trusted advisor security checks", "trusted-advisor"],
  ["customer login for my app", "cognito"],
  ["third party security software", "marketplace-security-products"],
  ["report abuse", "abuse-reporting"],
  ["aws security blog", "security-learning-resources"],
  ["configuration history", "config"],
  // Abbreviations
  ["ddos", "ddos"],
  ["pii", "macie"],
  ["sql injection", "waf"],
  ["xss", "waf"],
  ["hsm", "cloudhsm"],
  ["mfa", "mfa"],
  ["2fa", "mfa"],
  ["scp", "organizations-scp"],
  ["sso", "iam-identity-center"],
  ["acm", "certificate-manager"],
  ["nacl", "network-acls"],
  ["kms", "kms"],
  ["srt", "shield-advanced"],
  // Misspellings
  ["gaurdduty", "guardduty"],
  ["cloudtrial", "cloudtrail"],
  ["secrets manger", "secrets-manager"],
  ["cognitto", "cognito"],
  ["inspecter", "inspector"],
  ["sheild", "shield"],
  ["trusted adviser", "trusted-advisor"],
  ["artefact", "artifact"],
  ["macy", "macie"],
  // Questions
  ["where do i get the soc report", "artifact"],
  ["rotate database passwords", "secrets-manager"],
  ["find sensitive data in s3", "macie"],
  ["who deleted my bucket", "cloudtrail"],
  ["block sql injection", "waf"],
  ["what can only the root user do", "root-user"],
  ["how do i give an ec2 instance permissions", "iam-roles"],
  ["do i need permission to pentest", "penetration-testing"],
  ["can i run a penetration test on my ec2 instances", "penetration-testing"],
  ["is aws hipaa compliant", "compliance"],
  ["who is responsible for security", "shared-responsibility-model"],
  ["how do i log in to many accounts with one password", "iam-identity-center"],
  ["is ddos protection free", "shield"],
];

describe("natural lookups land on the right topic", () => {
  it("has enough queries to mean something", () => {
    expect(QUERIES.length).toBeGreaterThanOrEqual(45);
  });

  it("expects only topics that exist", () => {
    const ids = new Set(library.topics.map((t) => t.id));
    expect(QUERIES.filter(([, id]) => !ids.has(id))).toEqual([]);
  });

  it.each(QUERIES)("%j -> %s", (query, topicId) => {
    const result = index.lookup(query);
    expect(result.topic?.id).toBe(topicId);
  });
});

describe("autocomplete", () => {
  it('offers at most 25 topics for "sh", including Shield', () => {
    const ids = index.autocomplete("sh").map((t) => t.id);
    expect(ids.length).toBeLessThanOrEqual(25);
    expect(ids).toContain("shield");
  });

  it("offers at most 25 topics for an empty prefix", () => {
    const topics = index.autocomplete("");
    expect(topics.length).toBeGreaterThan(0);
    expect(topics.length).toBeLessThanOrEqual(25);
  });
});
