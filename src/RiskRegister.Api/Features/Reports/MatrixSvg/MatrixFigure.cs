using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Rendering;

namespace RiskRegister.Api.Features.Reports.MatrixSvg;

/// <summary>
/// The risk matrix inlined in a printed document (<see cref="MatrixPicture"/>). Blazor's renderer writes it as the
/// picture's markup; <see cref="DocumentRenderer"/> has it write the picture into the document from the builder it was
/// drawn in, so its two pictures (most of what a printed plan allocated beyond its JSON) never become strings.
/// </summary>
public sealed class MatrixFigure : DocumentComponent, IWrittenInPlace
{
    [Parameter, EditorRequired] public Scale Scale { get; set; } = Scale.Default;
    [Parameter, EditorRequired] public IReadOnlyList<MatrixCell> Cells { get; set; } = [];
    [Parameter, EditorRequired] public string Caption { get; set; } = "";

    protected override void BuildRenderTree(RenderTreeBuilder builder) =>
        builder.AddMarkupContent(0, MatrixPicture.Render(Scale, Cells, Caption, standalone: false));

    void IWrittenInPlace.WriteTo(TextWriter output) => MatrixPicture.Write(output, Scale, Cells, Caption, standalone: false);
}
