// License Desk on Azure: App Service (Linux, Node 20) running the compiled bot, Azure Cosmos DB
// (NoSQL) reached with a user-assigned managed identity, and an Azure Bot with the Teams channel.
// Deployed by `arm/deploy` in m365agents.yml; parameters in azure.parameters.json.
// Every app setting below is a variable bot/config/config.ts reads (test/deploy checks it).

@maxLength(20)
@minLength(4)
@description('Prefix of every resource name.')
param resourceBaseName string

@description('Client id of the bot\'s Microsoft Entra app registration (aadApp/create).')
param botAadAppClientId string

@secure()
@description('Client secret of that registration.')
param botAadAppClientSecret string

@description('Tenant id of that registration (the bot is registered SingleTenant).')
param botAadAppTenantId string

@secure()
@minLength(32)
@description('Signs the Assign licenses pane tokens; the same on every instance.')
param dialogTokenSecret string

@secure()
@description('The secret being rotated out: tokens it signed are still accepted (empty outside a rotation).')
param dialogTokenSecretPrevious string = ''

@description('App Service plan size: several instances need a Basic tier or above.')
param webAppSku string = 'P0v3'

@description('Instances of the bot behind Azure Bot Service (1-10); they share the Cosmos container. A string: the toolkit fills parameters as text.')
param instanceCount string = '2'

@description('Azure Bot pricing tier.')
param botServiceSku string = 'F0'

param botDisplayName string = 'License Desk'
param location string = resourceGroup().location

var cosmosDatabase = 'license-desk'
var cosmosContainer = 'licenses'
// Built-in "Cosmos DB Built-in Data Contributor": read and write items, no account management.
var cosmosDataContributor = '00000000-0000-0000-0000-000000000002'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: '${resourceBaseName}-identity'
  location: location
}

resource cosmos 'Microsoft.DocumentDB/databaseAccounts@2024-05-15' = {
  name: '${resourceBaseName}-cosmos'
  location: location
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    locations: [{ locationName: location, failoverPriority: 0, isZoneRedundant: false }]
    capabilities: [{ name: 'EnableServerless' }]
    // Keys are never used: the bot signs in with its managed identity.
    disableLocalAuth: true
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: { tier: 'Continuous7Days' }
    }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2024-05-15' = {
  parent: cosmos
  name: cosmosDatabase
  properties: { resource: { id: cosmosDatabase } }
}

resource container 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2024-05-15' = {
  parent: database
  name: cosmosContainer
  properties: {
    resource: {
      id: cosmosContainer
      // Every document belongs to one organisation: reads, writes and queries stay in its partition.
      partitionKey: { paths: ['/tenantId'], kind: 'Hash' }
    }
  }
}

resource cosmosRole 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2024-05-15' = {
  parent: cosmos
  name: guid(cosmos.id, identity.id, cosmosDataContributor)
  properties: {
    roleDefinitionId: '${cosmos.id}/sqlRoleDefinitions/${cosmosDataContributor}'
    principalId: identity.properties.principalId
    scope: cosmos.id
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${resourceBaseName}-plan'
  location: location
  kind: 'linux'
  sku: { name: webAppSku, capacity: min(max(int(instanceCount), 1), 10) }
  properties: { reserved: true }
}

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: '${resourceBaseName}-app'
  location: location
  kind: 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identity.id}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'NODE|20-lts'
      appCommandLine: 'node dist/bot/index.js'
      alwaysOn: true
      ftpsState: 'Disabled'
      minTlsVersion: '1.2'
      // An instance whose Cosmos does not answer is taken out of the rotation.
      healthCheckPath: '/readyz'
      appSettings: [
        { name: 'MicrosoftAppId', value: botAadAppClientId }
        { name: 'MicrosoftAppPassword', value: botAadAppClientSecret }
        { name: 'MicrosoftAppType', value: 'SingleTenant' }
        { name: 'MicrosoftAppTenantId', value: botAadAppTenantId }
        { name: 'DIALOG_TOKEN_SECRET', value: dialogTokenSecret }
        { name: 'DIALOG_TOKEN_SECRET_PREVIOUS', value: dialogTokenSecretPrevious }
        { name: 'PUBLIC_BASE_URL', value: 'https://${resourceBaseName}-app.azurewebsites.net' }
        { name: 'COSMOS_ENDPOINT', value: cosmos.properties.documentEndpoint }
        { name: 'COSMOS_MANAGED_IDENTITY_CLIENT_ID', value: identity.properties.clientId }
        { name: 'COSMOS_DATABASE', value: cosmosDatabase }
        { name: 'COSMOS_CONTAINER', value: cosmosContainer }
        // Users, groups and admin roles from Microsoft Graph, with the bot's own registration.
        { name: 'DIRECTORY_SOURCE', value: 'graph' }
        { name: 'LOG_LEVEL', value: 'info' }
      ]
    }
  }
}

resource bot 'Microsoft.BotService/botServices@2022-09-15' = {
  name: resourceBaseName
  location: 'global'
  kind: 'azurebot'
  sku: { name: botServiceSku }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAadAppClientId
    msaAppType: 'SingleTenant'
    msaAppTenantId: botAadAppTenantId
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: bot
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

// Written by the toolkit into env/.env.<environment> under these names.
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id
output BOT_DOMAIN string = webApp.properties.defaultHostName
output COSMOS_ENDPOINT string = cosmos.properties.documentEndpoint
output COSMOS_MANAGED_IDENTITY_CLIENT_ID string = identity.properties.clientId
