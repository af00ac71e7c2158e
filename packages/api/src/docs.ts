import swaggerUi from "@fastify/swagger-ui";
import type { FastifyInstance } from "fastify";

/**
 * /openapi.json (the OpenAPI 3 document @fastify/swagger builds from the route schemas) and
 * /docs (Swagger UI, served from the files @fastify/swagger-ui ships: no CDN, no download).
 * Both are public: they describe the API and hold no data.
 */
export async function docsPlugin(app: FastifyInstance): Promise<void> {
  await app.register(swaggerUi, { routePrefix: "/docs", uiConfig: { docExpansion: "list", deepLinking: true } });
  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
}
