global using System.Data;
global using Dapper;
global using FastEndpoints;
global using FluentValidation;
global using FluentValidation.Results;
global using Microsoft.Data.Sqlite;
global using RiskRegister.Api.Auth;
global using RiskRegister.Api.Domain;
global using RiskRegister.Api.Infrastructure;
global using RiskRegister.Api.Infrastructure.OpenApi;
global using RiskRegister.Api.History;

[assembly: System.Runtime.CompilerServices.InternalsVisibleTo("RiskRegister.Tests")]
