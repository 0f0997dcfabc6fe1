using System.Collections.Concurrent;
using System.Reflection;

namespace RiskRegister.Api.Infrastructure.OpenApi;

/// <summary>
/// What an endpoint's code calls, read from its IL (the endpoint class and its compiler-made async state machines),
/// so the document follows the code without per-endpoint declarations: <c>Send.CreatedAtAsync</c> means
/// <c>201</c> with <c>Location</c>, <c>Send.NoContentAsync</c> means <c>204</c>, <c>ETags.IfMatchAllows</c> means the
/// operation honours <c>If-Match</c> (and may answer <c>412</c>), <c>ETags.Set</c> means the response carries an <c>ETag</c>.
/// </summary>
public static class HandlerCalls
{
    private static readonly ConcurrentDictionary<Type, HashSet<string>> Known = new();

    public static bool Calls(Type endpointType, string declaringTypeName, string methodName) =>
        Known.GetOrAdd(endpointType, Read).Contains(declaringTypeName + "." + methodName);

    /// <summary>Sends <c>201</c> by status code (<c>Send.ResponseAsync(x, StatusCodes.Status201Created)</c>).</summary>
    public static bool SendsCreated(Type endpointType) =>
        Calls(endpointType, "CreatedAtAsync") || Calls(endpointType, "ResponseAsync") && Known.GetOrAdd(endpointType, Read).Contains("ldc.201");

    /// <summary>Calls a method of this name on any type (FastEndpoints' senders move between types across versions).</summary>
    public static bool Calls(Type endpointType, string methodName) => Known.GetOrAdd(endpointType, Read).Contains("*." + methodName);

    private static HashSet<string> Read(Type endpointType)
    {
        var found = new HashSet<string>(StringComparer.Ordinal);
        const BindingFlags all = BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly;
        var types = new[] { endpointType }.Concat(endpointType.GetNestedTypes(BindingFlags.NonPublic | BindingFlags.Public));
        foreach (var type in types)
        foreach (var method in type.GetMethods(all))
        {
            var il = method.GetMethodBody()?.GetILAsByteArray();
            if (il is null) continue;
            for (var i = 0; i + 4 < il.Length; i++)
            {
                if (il[i] == 0x20 && BitConverter.ToInt32(il, i + 1) is 201) found.Add("ldc.201"); // Send.ResponseAsync(x, 201)
                if (il[i] is not (0x28 or 0x6F)) continue; // call, callvirt
                var token = BitConverter.ToInt32(il, i + 1);
                if ((token >> 24) is not (0x06 or 0x0A or 0x2B)) continue; // MethodDef, MemberRef, MethodSpec
                try
                {
                    var called = type.Module.ResolveMethod(token, type.IsGenericType ? type.GetGenericArguments() : null, method.IsGenericMethod ? method.GetGenericArguments() : null);
                    if (called?.DeclaringType is { } declaring)
                    {
                        found.Add("*." + called.Name);
                        found.Add((declaring.IsGenericType ? declaring.Name[..declaring.Name.IndexOf('`')] : declaring.Name) + "." + called.Name);
                    }
                }
                catch (ArgumentException) { }      // bytes that only looked like a call
                catch (BadImageFormatException) { }
            }
        }
        return found;
    }
}
