// Starts Swagger UI on the API docs page with the settings the server wrote into the page
// (django-ninja's own start-up script, in a file so no inline script is needed).
(function () {
  "use strict";
  var data = document.body.dataset;
  var config = JSON.parse(document.getElementById("swagger-settings").textContent);
  config.dom_id = "#swagger-ui";
  config.presets = [SwaggerUIBundle.presets.apis, SwaggerUIBundle.SwaggerUIStandalonePreset];
  if (data.apiCsrf && data.csrfToken) {
    config.requestInterceptor = function (request) {
      request.headers["X-CSRFToken"] = data.csrfToken;
      return request;
    };
  }
  SwaggerUIBundle(config);
})();
