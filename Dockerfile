# syntax=docker/dockerfile:1
# Build: the SDK image plus Node (for npm ci: anvil and solc are npm packages).
FROM mcr.microsoft.com/dotnet/sdk:10.0 AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends nodejs npm \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
COPY package.json package-lock.json ./
RUN npm ci --no-fund --no-audit
COPY . .
RUN dotnet publish src/ExposureWeb/ExposureWeb.csproj -c Release -o /app -p:SkipNpmCi=true

# Run: the ASP.NET runtime plus the npm packages, so the embedded dev chain (anvil) can start. Node
# itself is not needed at run time: the app runs the anvil binary that the npm package ships.
FROM mcr.microsoft.com/dotnet/aspnet:10.0 AS runtime
WORKDIR /app
COPY --from=build /app ./
# The anvil binary ships inside the npm package; the app finds node_modules above its own folder.
COPY --from=build /src/node_modules /node_modules
# Listening beyond loopback needs the origin users open the app at (sign-in messages name it): the
# published port on this machine by default; pass -e Auth__PublicOrigin=... when it is reached otherwise.
ENV ASPNETCORE_URLS=http://0.0.0.0:8080 \
    Auth__PublicOrigin=http://localhost:8080 \
    DOTNET_RUNNING_IN_CONTAINER=true
EXPOSE 8080
VOLUME ["/app/data"]
ENTRYPOINT ["dotnet", "ExposureWeb.dll"]
