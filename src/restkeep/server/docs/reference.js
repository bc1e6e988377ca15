// Starts Swagger UI on the OpenAPI documents the page lists, with a picker when there are several
// (kept in a file: the page's CSP forbids inline scripts).
const documents = JSON.parse(document.getElementById("swagger-ui").dataset.documents);
window.ui = SwaggerUIBundle({
  ...(documents.length === 1 ? { url: documents[0].url } : { urls: documents }),
  dom_id: "#swagger-ui",
  deepLinking: true,
  presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset],
  layout: "StandaloneLayout",
  validatorUrl: null,
});
