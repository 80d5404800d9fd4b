// `AWS_ENDPOINT_URL_BEDROCK_RUNTIME=` in .env sets the variable to "", and
// @ai-sdk/amazon-bedrock, which reads it at call time, would send every request to the
// empty URL instead of the region's endpoint. provider.ts imports this file, so an empty
// variable means the same as an absent one.
for (const name of ["AWS_ENDPOINT_URL_BEDROCK_RUNTIME", "AWS_ENDPOINT_URL"]) {
  if (process.env[name] === "") delete process.env[name];
}
