; startup_32: the first kernel code to run, at its physical address.
;
; The loader leaves us in 32-bit protected mode, paging off, with the boot
; magic in EAX and the physical address of its information block in EBX
; (Multiboot 1 spec 3.2, Multiboot 2 spec 3.3).  First verify_cpu
; (verify_cpu.asm) makes sure the CPU can run the rest -- an i486 or later
; -- and records what it is for the C code.  We map the first 16 MiB both
; at 0 and at PAGE_OFFSET, turn paging on, jump to the linked (high) address,
; drop the identity map and call start_kernel(magic, info).  The 16 MiB is
; enough for the image, its bitmap and the page tables paging_init() takes
; from bootmem before it maps the rest of low memory.

; Built by hand, these tables must have the layout that
; arch/x86/include/asm/pgtable-2level.h gives the C code: 4-byte entries
; (pte_t, pgd_t), 1024 to a table, a PDE per 4 MiB (PGDIR_SHIFT 22).  C
; sees them as pgd_t swapper_pg_dir[PTRS_PER_PGD], pte_t pg0[]
; (asm/pgtable.h) and pte_t fixmap_pte[PTRS_PER_PTE] (asm/fixmap.h);
; PTE_PRESENT_RW is PAGE_KERNEL and _KERNPG_TABLE, PDE_FIXMAP maps
; FIXMAP_PTE_BASE.
PAGE_OFFSET	equ 0xC0000000
BOOT_MAP_PDES	equ 4			; 4 page tables = 16 MiB
PDE_KERNEL	equ (PAGE_OFFSET >> 22)
PDE_FIXMAP	equ 1023		; the top 4 MiB: fixmap and early remaps
PTE_PRESENT_RW	equ 0x003
CR0_PG		equ 0x80000000

%define PHYS(x) ((x) - PAGE_OFFSET)

extern start_kernel, verify_cpu
extern __bss_start, __bss_stop

global startup_32
global swapper_pg_dir, pg0, fixmap_pte
global boot_stack_guard, boot_stack, boot_stack_top

section .boot.text
startup_32:
	cli
	cld
	mov	esi, eax		; keep magic and info across the set-up
	mov	ebp, ebx

	; The loaders zero .bss, but the spec leaves "undefined" memory
	; undefined, and the page tables below live there.
	mov	edi, PHYS(__bss_start)
	mov	ecx, PHYS(__bss_stop)
	sub	ecx, edi
	shr	ecx, 2
	xor	eax, eax
	rep stosd

	; The loader leaves ESP undefined (Multiboot 1 spec 3.2): the boot
	; stack, at its physical address until paging is on.  EFLAGS to a
	; known state, as Linux's head_32.S does: IF, DF, NT, AC all clear.
	mov	esp, PHYS(boot_stack_top)
	push	dword 0
	popfd
	call	verify_cpu		; returns only on a CPU we can run on

	; pg0..pg3: identity page frames 0 .. 16 MiB.
	mov	edi, PHYS(pg0)
	mov	eax, PTE_PRESENT_RW
	mov	ecx, 1024 * BOOT_MAP_PDES
.fill_pte:
	stosd
	add	eax, 0x1000
	loop	.fill_pte

	; Each page table appears twice: at 0 (so the next fetch after the
	; CR0 write still works) and at PAGE_OFFSET.
	mov	edi, PHYS(swapper_pg_dir)
	mov	eax, PHYS(pg0) + PTE_PRESENT_RW
	xor	ecx, ecx
.fill_pde:
	mov	[edi + ecx * 4], eax
	mov	[edi + (PDE_KERNEL + ecx) * 4], eax
	add	eax, 0x1000
	inc	ecx
	cmp	ecx, BOOT_MAP_PDES
	jne	.fill_pde
	mov	dword [edi + PDE_FIXMAP * 4], PHYS(fixmap_pte) + PTE_PRESENT_RW

	mov	cr3, edi
	mov	eax, cr0
	or	eax, CR0_PG
	mov	cr0, eax
	mov	eax, start_high
	jmp	eax

section .text
start_high:
	; Running at PAGE_OFFSET now: the identity map has done its job.
	mov	edi, swapper_pg_dir
	xor	eax, eax
	mov	ecx, BOOT_MAP_PDES
	rep stosd
	mov	eax, cr3
	mov	cr3, eax

	mov	esp, boot_stack_top
	push	ebp			; info (physical)
	push	esi			; magic
	xor	ebp, ebp		; a zero frame pointer ends backtraces
	call	start_kernel
.halt:
	cli
	hlt
	jmp	.halt

section .bss
align 4096
swapper_pg_dir:		resb 4096
pg0:			resb 4096 * BOOT_MAP_PDES
fixmap_pte:		resb 4096
; One unmapped-able page under the boot stack catches overflows (the
; stack_overflow fault test relies on it being page aligned and alone).
boot_stack_guard:	resb 4096
boot_stack:		resb 16384
boot_stack_top:
