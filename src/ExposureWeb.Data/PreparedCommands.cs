using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;

namespace ExposureWeb.Data;

/// <summary>Raw commands for the stores that write many rows a block (Greeks history, alert states), where EF's change tracking costs too much.</summary>
internal static class PreparedCommands
{
    /// <summary>A command in the context's open transaction with the named parameters, in order, prepared for repeated runs.</summary>
    public static DbCommand Prepare(ExposureDbContext db, string sql, params string[] parameterNames)
    {
        var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = db.Database.CurrentTransaction!.GetDbTransaction();
        command.CommandText = sql;
        foreach (var name in parameterNames)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = name;
            command.Parameters.Add(parameter);
        }
        command.Prepare();
        return command;
    }
}
