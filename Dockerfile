FROM node:20-slim
# redis-server, PostgreSQL and memcached binaries let the `local` region run real nodes inside the container.
RUN apt-get update && apt-get install -y --no-install-recommends redis-server postgresql memcached && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY package.json package-lock.json ./
COPY vendor ./vendor
RUN npm ci --no-audit --no-fund
COPY . .
RUN npm run build:ui
EXPOSE 8080
# Outside a container Datafleet listens on 127.0.0.1 only; inside one, the published port's traffic
# arrives on the container's interface, so the image listens on all of them.
ENV HOST=0.0.0.0
# What `npm start` runs, minus the UI build done above; node itself (under compose's init) gets SIGTERM.
CMD ["node", "--import", "tsx", "services/app/main.ts"]
